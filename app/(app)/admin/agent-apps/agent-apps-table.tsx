"use client";

import { useState } from "react";
import { ConfirmActionDialog } from "@/components/confirm-dialog";
import { Button, tableCell, tableHeaderCell } from "@/components/ui";
import { deleteAgentAppAction } from "./actions";

export interface AgentAppRow {
  id: string;
  name: string;
  createdBy: string;
  created: string;
}

export function AgentAppsTable({ apps }: { apps: AgentAppRow[] }) {
  const [deleting, setDeleting] = useState<AgentAppRow | null>(null);

  if (apps.length === 0) return <p className="p-4 text-sm text-slate-500">No agent apps</p>;
  return (
    <>
      <div className="overflow-x-auto">
        <table className="min-w-full divide-y divide-slate-200">
          <thead>
            <tr>
              <th className={tableHeaderCell}>Name</th>
              <th className={tableHeaderCell}>Created by</th>
              <th className={tableHeaderCell}>Creation date</th>
              <th className={tableHeaderCell}>
                <span className="sr-only">Delete</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {apps.map((app) => (
              <tr key={app.id}>
                <td className={`${tableCell} font-medium text-slate-900`}>{app.name}</td>
                <td className={tableCell}>{app.createdBy}</td>
                <td className={tableCell}>{app.created}</td>
                <td className={`${tableCell} text-right`}>
                  <Button variant="secondary" aria-label={`Delete ${app.name}`} onClick={() => setDeleting(app)}>
                    Delete
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ConfirmActionDialog
        target={deleting}
        onClose={() => setDeleting(null)}
        title="Delete agent app"
        confirmLabel="Delete"
        run={(item) => deleteAgentAppAction(null, { appId: item.id })}
      >
        <p>
          Are you sure you want to delete the agent app <strong>{deleting?.name}</strong>? Its credential and every
          agent token it created stop working at once.
        </p>
        <p className="font-medium">This action is irreversible.</p>
      </ConfirmActionDialog>
    </>
  );
}
