"use client";

import { DataTable, RowActionCell } from "@/components/data-table";
import { tableCell } from "@/components/ui";
import { useConfirmAction } from "@/components/use-confirm-action";
import { deleteAgentAppAction } from "./actions";

export interface AgentAppRow {
  id: string;
  name: string;
  createdBy: string;
  created: string;
}

export function AgentAppsTable({ apps }: { apps: AgentAppRow[] }) {
  const deletion = useConfirmAction({
    title: "Delete agent app",
    run: (app: AgentAppRow) => deleteAgentAppAction(null, { appId: app.id }),
    describe: (app) => (
      <p>
        Are you sure you want to delete the agent app <strong>{app.name}</strong>? Its credential and every agent token
        it created stop working at once.
      </p>
    ),
  });

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
            <RowActionCell label="Delete" aria-label={`Delete ${app.name}`} onClick={() => deletion.ask(app)} />
          </>
        )}
      />
      {deletion.dialog}
    </>
  );
}
