"use client";

import { useState } from "react";
import { FormDialogActions, FormDialogButton } from "@/components/form-dialog";
import { FormError, labelOptions, SelectField, TextField } from "@/components/ui";
import { useActionForm } from "@/components/use-action-form";
import { useRevealOnSuccess } from "@/components/use-reveal-on-success";
import { createOrganizationTokenAction } from "./actions";

interface ProjectOption {
  key: string;
  name: string;
}

/** `Create token`: the form dialog, then the shared `New token` dialog over it. */
export function CreateOrganizationTokenDialog({
  expiries,
  projects,
}: {
  expiries: string[];
  projects: ProjectOption[];
}) {
  return (
    <FormDialogButton label="Create token">
      {(close) => <CreateTokenForm expiries={expiries} projects={projects} onDone={close} />}
    </FormDialogButton>
  );
}

function CreateTokenForm({
  expiries,
  projects,
  onDone,
}: {
  expiries: string[];
  projects: ProjectOption[];
  onDone: () => void;
}) {
  const [scope, setScope] = useState<"all" | "chosen">("all");
  const { formProps, state, pending, errors, formError } = useActionForm(createOrganizationTokenAction, {
    // Sent as an object: FormData would keep only one of the chosen projects.
    toInput: (data) => ({
      name: data.get("name"),
      type: data.get("type"),
      expiry: data.get("expiry"),
      scope,
      projects: scope === "chosen" ? data.getAll("projects") : [],
    }),
  });
  const reveal = useRevealOnSuccess(state, onDone);

  return (
    <>
      <form {...formProps} className="flex flex-col gap-4">
        <TextField name="name" label="Token name" error={errors.name} maxLength={100} autoComplete="off" />
        <SelectField
          name="type"
          label="Token type"
          error={errors.type}
          defaultValue="production"
          options={[
            { value: "production", label: "Production" },
            { value: "development", label: "Development" },
          ]}
        />
        <SelectField
          name="expiry"
          label="Expiry"
          error={errors.expiry}
          defaultValue={expiries[0]}
          options={labelOptions(expiries)}
        />
        <fieldset aria-describedby={errors.projects ? "projects-error" : undefined}>
          <legend className="text-sm font-medium text-slate-700">Projects</legend>
          <div className="mt-2 flex flex-col gap-2 text-sm text-slate-800">
            <label className="flex items-center gap-2">
              <input type="radio" name="scope" checked={scope === "all"} onChange={() => setScope("all")} />
              All projects
            </label>
            <label className="flex items-center gap-2">
              <input
                type="radio"
                name="scope"
                checked={scope === "chosen"}
                onChange={() => setScope("chosen")}
                disabled={projects.length === 0}
              />
              Chosen projects{projects.length === 0 ? " (there are no projects yet)" : ""}
            </label>
            {scope === "chosen" ? (
              <div className="ml-6 flex max-h-48 flex-col gap-1 overflow-y-auto rounded-md p-2 ring-1 ring-inset ring-slate-200">
                {projects.map((p) => (
                  <label key={p.key} className="flex items-center gap-2">
                    <input type="checkbox" name="projects" value={p.key} />
                    {p.name} <span className="text-slate-500">({p.key})</span>
                  </label>
                ))}
              </div>
            ) : null}
          </div>
          {errors.projects ? (
            <p id="projects-error" className="mt-1 text-sm text-red-600">
              {errors.projects}
            </p>
          ) : null}
        </fieldset>
        <FormError message={formError} />
        <FormDialogActions submitLabel="Create token" disabled={pending || reveal.open} onCancel={onDone} />
      </form>
      {reveal.dialog}
    </>
  );
}
