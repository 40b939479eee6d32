"use client";

import { FormDialogActions, FormDialogButton } from "@/components/form-dialog";
import { FormError, SelectField, TextField } from "@/components/ui";
import { useActionForm } from "@/components/use-action-form";
import { createUserAction } from "./actions";

export function CreateUserDialog() {
  return <FormDialogButton label="Create User">{(close) => <CreateUserForm onDone={close} />}</FormDialogButton>;
}

function CreateUserForm({ onDone }: { onDone: () => void }) {
  const { formProps, pending, errors, formError } = useActionForm(createUserAction, { onSuccess: onDone });

  return (
    <form {...formProps} className="flex flex-col gap-4">
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
      <FormError message={formError} />
      <FormDialogActions submitLabel="Create" disabled={pending} onCancel={onDone} />
    </form>
  );
}
