"use client";

import { FormError, InlineSubmitButton, TextField } from "@/components/ui";
import { useActionForm } from "@/components/use-action-form";
import { createProjectAction } from "./actions";

export function CreateProjectForm() {
  const { formProps, pending, errors, formError } = useActionForm(createProjectAction, { resetOnSuccess: true });
  return (
    <form {...formProps} className="grid items-start gap-4 sm:grid-cols-[1fr_2fr_auto]">
      <TextField name="key" label="Key" error={errors.key} maxLength={400} placeholder="my-app" />
      <TextField name="name" label="Name" error={errors.name} maxLength={500} placeholder="My App" />
      <InlineSubmitButton disabled={pending}>Create</InlineSubmitButton>
      <FormError message={formError} className="sm:col-span-3" />
    </form>
  );
}
