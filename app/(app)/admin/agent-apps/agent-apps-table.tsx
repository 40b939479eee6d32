"use client";

import { useState } from "react";
import { ConfirmActionDialog } from "@/components/confirm-dialog";
import { DataTable } from "@/components/data-table";
import { Button, tableCell } from "@/components/ui";
import { deleteAgentAppAction } from "./actions";

export interface AgentAppRow {
  id: string;
  name: string;
  createdBy: string;
  created: string;
}

export function AgentAppsTable({ apps }: { apps: AgentAppRow[] }) {
  const [deleting, setDeleting] = useState<AgentAppRow | null>(null);

  return (
    <>
      <DataTable
        headers={["Name", "Created by", "Creation date", { srOnly: "Delete" }]}
        rows={apps}
        rowKey={(app) => app.id}
        empty="No agent apps"
        emptyClassName="p-4"
        renderRow={(app) => (
          <>
            <td className={`${tableCell} font-medium text-slate-900`}>{app.name}</td>
            <td className={tableCell}>{app.createdBy}</td>
            <td className={tableCell}>{app.created}</td>
            <td className={`${tableCell} text-right`}>
              <Button variant="secondary" aria-label={`Delete ${app.name}`} onClick={() => setDeleting(app)}>
                Delete
              </Button>
            </td>
          </>
        )}
      />
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
      </ConfirmActionDialog>
    </>
  );
}
