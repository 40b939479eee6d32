"use client";

import { useActionState, useEffect, useState, useTransition, type FormEvent } from "react";
import { FormDialog } from "@/components/form-dialog";
import { Button, SelectField, TextField } from "@/components/ui";
import { createUserAction } from "./actions";

export function CreateUserDialog() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)}>Create User</Button>
      <FormDialog open={open} onOpenChange={setOpen} title="Create User">
        {/* A new form per opening: no values or errors left from the last user. */}
        {open ? <CreateUserForm onDone={() => setOpen(false)} /> : null}
      </FormDialog>
    </>
  );
}

function CreateUserForm({ onDone }: { onDone: () => void }) {
  const [state, dispatch] = useActionState(createUserAction, null);
  const [pending, startTransition] = useTransition();

  useEffect(() => {
    if (state?.ok) onDone();
  }, [state, onDone]);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => dispatch(data));
  };

  const errors = state && !state.ok ? state.fieldErrors : {};
  const formError = state && !state.ok && Object.keys(state.fieldErrors).length === 0 ? state.error : undefined;

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-4">
      <TextField name="login" label="Login" error={errors.login} maxLength={255} autoComplete="off" required />
      <TextField name="name" label="Name" error={errors.name} maxLength={200} required />
      <TextField name="email" label="Email" type="email" error={errors.email} maxLength={100} />
      <TextField
        name="password"
        label="Password"
        type="password"
        error={errors.password}
        autoComplete="new-password"
        required
      />
      <SelectField
        name="role"
        label="Role"
        error={errors.role}
        defaultValue="user"
        options={[
          { value: "user", label: "User" },
          { value: "admin", label: "Admin" },
        ]}
      />
      {formError ? (
        <p role="alert" className="text-sm text-red-600">
          {formError}
        </p>
      ) : null}
      <div className="flex justify-end gap-3">
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" disabled={pending}>
          Create
        </Button>
      </div>
    </form>
  );
}
