"use client";

import { useState } from "react";
import { FormDialog } from "@/components/form-dialog";
import { Button, FormError, TextField } from "@/components/ui";
import { useActionForm } from "@/components/use-action-form";
import { useRevealOnSuccess } from "@/components/use-reveal-on-success";
import { registerAgentAppAction } from "./actions";

/** `Register agent app`: a name, then the app's credential in the `New token` dialog over this one. */
export function RegisterAgentAppDialog() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)}>Register agent app</Button>
      <FormDialog open={open} onOpenChange={setOpen} title="Register agent app">
        {/* A new form per opening: no value or error left from the last app. */}
        {open ? <RegisterAgentAppForm onDone={() => setOpen(false)} /> : null}
      </FormDialog>
    </>
  );
}

function RegisterAgentAppForm({ onDone }: { onDone: () => void }) {
  const { formProps, state, pending, errors, formError } = useActionForm(registerAgentAppAction);
  const reveal = useRevealOnSuccess(state, onDone);
  const done = Boolean(state?.ok);

  return (
    <>
      <form {...formProps} className="flex flex-col gap-4">
        <TextField
          name="name"
          label="Name"
          error={errors.name}
          maxLength={100}
          autoComplete="off"
          required
          readOnly={done}
        />
        <FormError message={formError} />
        <div className="flex justify-end gap-3">
          <Button variant="secondary" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" disabled={pending || done}>
            Register
          </Button>
        </div>
      </form>
      {reveal.dialog}
    </>
  );
}
