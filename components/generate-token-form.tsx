"use client";

import { useState } from "react";
import type { ActionResult } from "@/lib/auth/action-result";
import type { ApiTokenType, TokenTypeOption } from "@/lib/tokens/kinds";
import { FormError, InlineSubmitButton, labelOptions, SelectField, TextField } from "./ui";
import { useActionForm } from "./use-action-form";
import { useRevealOnSuccess } from "./use-reveal-on-success";

export type GenerateTokenAction = (previous: unknown, input: FormData) => Promise<ActionResult<{ token: string }>>;

/**
 * The `Generate Tokens` form and its reveal step. Without `types` there is no `Type` select: the
 * token is a User Token (the administrators' Tokens dialog). `hidden` fields travel with the form.
 */
export function GenerateTokenForm({
  action,
  types,
  projects = [],
  lifetimes,
  hidden = {},
  title = "Generate Tokens",
}: {
  action: GenerateTokenAction;
  types?: TokenTypeOption[];
  projects?: { key: string; name: string }[];
  lifetimes: string[];
  hidden?: Record<string, string>;
  title?: string;
}) {
  const [type, setType] = useState<ApiTokenType>("USER_TOKEN");
  const { formProps, state, pending, errors, formError } = useActionForm(action, {
    resetOnSuccess: true,
    onSuccess: () => setType("USER_TOKEN"),
  });
  const reveal = useRevealOnSuccess(state);

  return (
    <div>
      <h3 className="mb-3 text-base font-semibold text-slate-900">{title}</h3>
      <form
        {...formProps}
        className={`grid items-start gap-4 ${types ? "sm:grid-cols-[2fr_1.5fr_1.5fr_1fr_auto]" : "sm:grid-cols-[2fr_1.5fr_auto]"}`}
      >
        {Object.entries(hidden).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <TextField name="name" label="Name" error={errors.name} maxLength={100} placeholder="Enter Token Name" />
        {types ? (
          <SelectField
            name="type"
            label="Type"
            error={errors.type}
            value={type}
            onChange={(e) => setType(e.target.value as ApiTokenType)}
            options={types}
          />
        ) : null}
        {type === "PROJECT_ANALYSIS_TOKEN" ? (
          <SelectField
            name="projectKey"
            label="Project"
            error={errors.projectKey}
            options={projects.map((p) => ({ value: p.key, label: p.name }))}
          />
        ) : null}
        <SelectField
          name="expiresIn"
          label="Expires in"
          error={errors.expiresIn}
          defaultValue={lifetimes[0]}
          options={labelOptions(lifetimes)}
        />
        <InlineSubmitButton disabled={pending}>Generate</InlineSubmitButton>
      </form>
      <FormError message={formError} className="mt-2" />
      {reveal.dialog}
    </div>
  );
}
