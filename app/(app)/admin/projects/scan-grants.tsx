"use client";

import { useTransition } from "react";
import { Button, FormError, InlineSubmitButton, TextField } from "@/components/ui";
import { useActionForm } from "@/components/use-action-form";
import { grantScanAction, removeScanAction } from "./actions";

export interface Grantee {
  userId: string;
  login: string;
  name: string;
}

/** Grants Execute Analysis to a user by login: on `projectKey`, or on all projects without it. */
export function GrantScanForm({ projectKey }: { projectKey?: string }) {
  const { formProps, pending, errors, formError } = useActionForm(grantScanAction, { resetOnSuccess: true });
  return (
    <form {...formProps} className="flex flex-wrap items-start gap-3">
      {projectKey ? <input type="hidden" name="projectKey" value={projectKey} /> : null}
      <div className="min-w-56 flex-1">
        <TextField
          name="login"
          id={projectKey ? "project-grant-login" : "global-grant-login"}
          label="Login"
          error={errors.login ?? errors.projectKey}
          maxLength={255}
          autoComplete="off"
        />
      </div>
      <InlineSubmitButton disabled={pending}>Grant</InlineSubmitButton>
      <FormError message={formError} className="w-full" />
    </form>
  );
}

/** The users holding a grant, each with `Remove`; removal takes effect on their next request. */
export function GrantList({ grantees, projectKey }: { grantees: Grantee[]; projectKey?: string }) {
  const [pending, startTransition] = useTransition();
  if (grantees.length === 0) return <p className="text-sm text-slate-500">Nobody yet</p>;
  const scope = projectKey ? ` on ${projectKey}` : " on all projects";
  return (
    <ul className="divide-y divide-slate-100 rounded-md ring-1 ring-slate-200">
      {grantees.map((g) => (
        <li key={g.userId} className="flex items-center justify-between gap-3 px-3 py-2 text-sm">
          <span>
            <span className="font-medium text-slate-900">{g.name}</span>{" "}
            <span className="text-slate-500">{g.login}</span>
          </span>
          <Button
            variant="secondary"
            disabled={pending}
            aria-label={`Remove Execute Analysis of ${g.login}${scope}`}
            onClick={() =>
              startTransition(async () => void (await removeScanAction(null, { userId: g.userId, projectKey })))
            }
          >
            Remove
          </Button>
        </li>
      ))}
    </ul>
  );
}
