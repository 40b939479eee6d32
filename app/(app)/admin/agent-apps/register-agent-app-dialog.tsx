"use client";

import { useActionState, useEffect, useState, useTransition, type FormEvent } from "react";
import { FormDialog } from "@/components/form-dialog";
import { RevealTokenDialog } from "@/components/reveal-token-dialog";
import { Button, TextField } from "@/components/ui";
import { registerAgentAppAction } from "./actions";

/** `Register agent app`: a name, then the app's credential in the `New token` dialog over this one. */
export function RegisterAgentAppDialog() {
  const [open, setOpen] = useState(false);
  const [revealed, setRevealed] = useState<string | null>(null);
  return (
    <>
      <Button onClick={() => setOpen(true)}>Register agent app</Button>
      <FormDialog open={open} onOpenChange={setOpen} title="Register agent app">
        {/* A new form per opening: no value or error left from the last app. */}
        {open ? <RegisterAgentAppForm onRegistered={setRevealed} onCancel={() => setOpen(false)} /> : null}
      </FormDialog>
      <RevealTokenDialog
        token={revealed}
        onClose={() => {
          setRevealed(null);
          setOpen(false);
        }}
      />
    </>
  );
}

function RegisterAgentAppForm({
  onRegistered,
  onCancel,
}: {
  onRegistered: (credential: string) => void;
  onCancel: () => void;
}) {
  const [state, dispatch] = useActionState(registerAgentAppAction, null);
  const [pending, startTransition] = useTransition();

  useEffect(() => {
    if (state?.ok) onRegistered(state.token);
  }, [state, onRegistered]);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => dispatch(data));
  };

  const errors = state && !state.ok ? state.fieldErrors : {};
  const formError = state && !state.ok && Object.keys(state.fieldErrors).length === 0 ? state.error : undefined;
  const done = Boolean(state?.ok);

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-4">
      <TextField
        name="name"
        label="Name"
        error={errors.name}
        maxLength={100}
        autoComplete="off"
        required
        readOnly={done}
      />
      {formError ? (
        <p role="alert" className="text-sm text-red-600">
          {formError}
        </p>
      ) : null}
      <div className="flex justify-end gap-3">
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" disabled={pending || done}>
          Register
        </Button>
      </div>
    </form>
  );
}
