"use client";

import { useActionState, useEffect, useRef, useTransition, type FormEvent } from "react";
import { Button, TextField } from "@/components/ui";
import { createProjectAction } from "./actions";

export function CreateProjectForm() {
  const [state, dispatch] = useActionState(createProjectAction, null);
  const [pending, startTransition] = useTransition();
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state?.ok) form.current?.reset();
  }, [state]);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => dispatch(data));
  };
  const errors = state && !state.ok ? state.fieldErrors : {};
  return (
    <form ref={form} onSubmit={submit} noValidate className="grid items-start gap-4 sm:grid-cols-[1fr_2fr_auto]">
      <TextField name="key" label="Key" error={errors.key} maxLength={400} placeholder="my-app" />
      <TextField name="name" label="Name" error={errors.name} maxLength={500} placeholder="My App" />
      <div className="flex flex-col gap-1">
        <span aria-hidden className="text-sm">
          &nbsp;
        </span>
        <Button type="submit" disabled={pending}>
          Create
        </Button>
      </div>
    </form>
  );
}
