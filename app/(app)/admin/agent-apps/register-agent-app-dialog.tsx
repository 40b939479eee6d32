"use client";

import { FormDialogActions, FormDialogButton } from "@/components/form-dialog";
import { FormError, TextField } from "@/components/ui";
import { useActionForm } from "@/components/use-action-form";
import { useRevealOnSuccess } from "@/components/use-reveal-on-success";
import { registerAgentAppAction } from "./actions";

/** `Register agent app`: a name, then the app's credential in the `New token` dialog over this one. */
export function RegisterAgentAppDialog() {
  return (
    <FormDialogButton label="Register agent app">{(close) => <RegisterAgentAppForm onDone={close} />}</FormDialogButton>
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
        <FormDialogActions submitLabel="Register" disabled={pending || done} onCancel={onDone} />
      </form>
      {reveal.dialog}
    </>
  );
}
