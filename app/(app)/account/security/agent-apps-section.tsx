"use client";

import { useState } from "react";
import { ConfirmActionDialog } from "@/components/confirm-dialog";
import { DataTable } from "@/components/data-table";
import { Switch } from "@/components/switch";
import { Button, tableCell } from "@/components/ui";
import type { AgentTokenRow } from "@/lib/agents/rows";
import { revokeAgentTokenAction, setAgentAppsConsentAction } from "./actions";

/** The consent switch and the user's live agent tokens, each with `Revoke`. */
export function AgentAppsSection({ allowed, rows }: { allowed: boolean; rows: AgentTokenRow[] }) {
  return (
    <div className="flex flex-col gap-6">
      <Switch
        label="Allow Agent Apps to create personal access tokens"
        checked={allowed}
        onChange={(allow) => setAgentAppsConsentAction(null, { allow })}
      />
      <AgentTokensTable rows={rows} />
    </div>
  );
}

function AgentTokensTable({ rows }: { rows: AgentTokenRow[] }) {
  const [target, setTarget] = useState<AgentTokenRow | null>(null);

  return (
    <>
      <DataTable
        headers={["App", "Task", "Created", "Expires", { srOnly: "Actions" }]}
        rows={rows}
        rowKey={(row) => row.id}
        empty="No agent tokens"
        renderRow={(row) => (
          <>
            <td className={`${tableCell} font-medium text-slate-900`}>{row.app}</td>
            <td className={`${tableCell} max-w-md break-words`}>{row.task}</td>
            <td className={`${tableCell} whitespace-nowrap`}>{row.created}</td>
            <td className={`${tableCell} whitespace-nowrap`}>{row.expires}</td>
            <td className={`${tableCell} text-right`}>
              <Button variant="secondary" onClick={() => setTarget(row)}>
                Revoke
              </Button>
            </td>
          </>
        )}
      />
      <ConfirmActionDialog
        target={target}
        onClose={() => setTarget(null)}
        title="Revoke token"
        confirmLabel="Revoke"
        run={(item) => revokeAgentTokenAction(null, { tokenId: item.id })}
      >
        <p>
          Are you sure you want to revoke the agent token of <strong>{target?.app}</strong> for the task{" "}
          <strong>{target?.task}</strong>? The agent using it will fail to authenticate.
        </p>
      </ConfirmActionDialog>
    </>
  );
}
