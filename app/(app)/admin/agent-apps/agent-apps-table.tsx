"use client";

import { useState } from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { Button } from "@/components/ui";
import { deleteAgentAppAction } from "./actions";

export interface AgentAppRow {
  id: string;
  name: string;
  createdBy: string;
  created: string;
}

const th = "px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-500";
const td = "px-3 py-3 text-sm text-slate-700";

export function AgentAppsTable({ apps }: { apps: AgentAppRow[] }) {
  const [deleting, setDeleting] = useState<AgentAppRow | null>(null);

  if (apps.length === 0) return <p className="p-4 text-sm text-slate-500">No agent apps</p>;
  return (
    <>
      <div className="overflow-x-auto">
        <table className="min-w-full divide-y divide-slate-200">
          <thead>
            <tr>
              <th className={th}>Name</th>
              <th className={th}>Created by</th>
              <th className={th}>Creation date</th>
              <th className={th}>
                <span className="sr-only">Delete</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {apps.map((app) => (
              <tr key={app.id}>
                <td className={`${td} font-medium text-slate-900`}>{app.name}</td>
                <td className={td}>{app.createdBy}</td>
                <td className={td}>{app.created}</td>
                <td className={`${td} text-right`}>
                  <Button variant="secondary" aria-label={`Delete ${app.name}`} onClick={() => setDeleting(app)}>
                    Delete
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(open) => (open ? undefined : setDeleting(null))}
        title="Delete agent app"
        confirmLabel="Delete"
        onConfirm={async () => {
          if (!deleting) return;
          const result = await deleteAgentAppAction(null, { appId: deleting.id });
          return result.ok ? undefined : result.error;
        }}
      >
        <p>
          Are you sure you want to delete the agent app <strong>{deleting?.name}</strong>? Its credential and every
          agent token it created stop working at once.
        </p>
        <p className="font-medium">This action is irreversible.</p>
      </ConfirmDialog>
    </>
  );
}
