"use client";

import { useState } from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { FormDialog } from "@/components/form-dialog";
import { Button } from "@/components/ui";
import { deleteProjectAction } from "./actions";
import { GrantList, GrantScanForm, type Grantee } from "./scan-grants";

export interface ProjectRow {
  key: string;
  name: string;
  grantees: Grantee[];
}

const th = "px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-500";
const td = "px-3 py-3 text-sm text-slate-700 align-top";

export function ProjectsTable({ projects }: { projects: ProjectRow[] }) {
  const [deleting, setDeleting] = useState<ProjectRow | null>(null);
  const [permissionsKey, setPermissionsKey] = useState<string | null>(null);
  // Looked up by key so the dialog shows the fresh list after each grant or removal.
  const permissionsOf = projects.find((p) => p.key === permissionsKey) ?? null;

  if (projects.length === 0) return <p className="text-sm text-slate-500">No projects</p>;
  return (
    <>
      <div className="overflow-x-auto">
        <table className="min-w-full divide-y divide-slate-200">
          <thead>
            <tr>
              <th className={th}>Name</th>
              <th className={th}>Key</th>
              <th className={th}>Execute Analysis</th>
              <th className={th}>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {projects.map((p) => (
              <tr key={p.key}>
                <td className={`${td} font-medium text-slate-900`}>{p.name}</td>
                <td className={`${td} font-mono`}>{p.key}</td>
                <td className={td}>{p.grantees.length === 0 ? "Administrators only" : p.grantees.map((g) => g.login).join(", ")}</td>
                <td className={`${td} whitespace-nowrap text-right`}>
                  <div className="flex justify-end gap-2">
                    <Button variant="secondary" aria-label={`Permissions of ${p.key}`} onClick={() => setPermissionsKey(p.key)}>
                      Permissions
                    </Button>
                    <Button variant="secondary" aria-label={`Delete ${p.key}`} onClick={() => setDeleting(p)}>
                      Delete
                    </Button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <FormDialog
        open={permissionsOf !== null}
        onOpenChange={(open) => (open ? undefined : setPermissionsKey(null))}
        title={`Execute Analysis on ${permissionsOf?.name ?? ""}`}
        description="Users granted here may run analyses on this project and hold Project Analysis Tokens for it."
      >
        {permissionsOf ? (
          <div className="flex flex-col gap-4">
            <GrantScanForm projectKey={permissionsOf.key} />
            <GrantList grantees={permissionsOf.grantees} projectKey={permissionsOf.key} />
          </div>
        ) : null}
      </FormDialog>
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(open) => (open ? undefined : setDeleting(null))}
        title="Delete project"
        confirmLabel="Delete"
        onConfirm={async () => {
          if (!deleting) return;
          const result = await deleteProjectAction(null, { key: deleting.key });
          return result.ok ? undefined : result.error;
        }}
      >
        <p>
          Are you sure you want to delete the project{" "}
          <strong>
            {deleting?.name} ({deleting?.key})
          </strong>
          ? Its project analysis tokens are deleted too.
        </p>
        <p className="font-medium">This action is irreversible.</p>
      </ConfirmDialog>
    </>
  );
}
