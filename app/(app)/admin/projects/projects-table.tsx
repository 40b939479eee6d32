"use client";

import { useState } from "react";
import { DataTable } from "@/components/data-table";
import { FormDialog } from "@/components/form-dialog";
import { Button, tableCell } from "@/components/ui";
import { useConfirmAction } from "@/components/use-confirm-action";
import { deleteProjectAction } from "./actions";
import { GrantList, GrantScanForm, type Grantee } from "./scan-grants";

export interface ProjectRow {
  key: string;
  name: string;
  grantees: Grantee[];
}

const td = `${tableCell} align-top`;

export function ProjectsTable({ projects }: { projects: ProjectRow[] }) {
  const deletion = useConfirmAction({
    title: "Delete project",
    run: (project: ProjectRow) => deleteProjectAction(null, { key: project.key }),
    describe: (project) => (
      <p>
        Are you sure you want to delete the project{" "}
        <strong>
          {project.name} ({project.key})
        </strong>
        ? Its project analysis tokens are deleted too.
      </p>
    ),
  });
  const [permissionsKey, setPermissionsKey] = useState<string | null>(null);
  // Looked up by key so the dialog shows the fresh list after each grant or removal.
  const permissionsOf = projects.find((p) => p.key === permissionsKey) ?? null;

  return (
    <>
      <DataTable
        headers={["Name", "Key", "Execute Analysis", { srOnly: "Actions" }]}
        rows={projects}
        rowKey={(p) => p.key}
        empty="No projects"
        renderRow={(p) => (
          <>
            <td className={`${td} font-medium text-slate-900`}>{p.name}</td>
            <td className={`${td} font-mono`}>{p.key}</td>
            <td className={td}>
              {p.grantees.length === 0 ? "Administrators only" : p.grantees.map((g) => g.login).join(", ")}
            </td>
            <td className={`${td} whitespace-nowrap text-right`}>
              <div className="flex justify-end gap-2">
                <Button
                  variant="secondary"
                  aria-label={`Permissions of ${p.key}`}
                  onClick={() => setPermissionsKey(p.key)}
                >
                  Permissions
                </Button>
                <Button variant="secondary" aria-label={`Delete ${p.key}`} onClick={() => deletion.ask(p)}>
                  Delete
                </Button>
              </div>
            </td>
          </>
        )}
      />
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
      {deletion.dialog}
    </>
  );
}
