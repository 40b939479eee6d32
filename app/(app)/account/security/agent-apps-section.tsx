"use client";

import { useState } from "react";
import { ConfirmActionDialog } from "@/components/confirm-dialog";
import { Switch } from "@/components/switch";
import { Button, tableCell, tableHeaderCell } from "@/components/ui";
import type { AgentTokenRow } from "@/lib/agents/rows";
import { revokeAgentTokenAction, setAgentAppsConsentAction } from "./actions";

/** The consent switch and the user's live agent tokens, each with `Revoke`. */
export function AgentAppsSection({ allowed, rows }: { allowed: boolean; rows: AgentTokenRow[] }) {
  return (
    <div className="flex flex-col gap-6">
      <Switch
        label="Allow Agent Apps to create personal access tokens"
        checked={allowed}
        onChange={async (allow) => {
          const result = await setAgentAppsConsentAction(null, { allow });
          return result.ok ? undefined : result.error;
        }}
      />
      <AgentTokensTable rows={rows} />
    </div>
  );
}

function AgentTokensTable({ rows }: { rows: AgentTokenRow[] }) {
  const [target, setTarget] = useState<AgentTokenRow | null>(null);

  if (rows.length === 0) return <p className="text-sm text-slate-500">No agent tokens</p>;
  return (
    <>
      <div className="overflow-x-auto">
        <table className="min-w-full divide-y divide-slate-200">
          <thead>
            <tr>
              <th className={tableHeaderCell}>App</th>
              <th className={tableHeaderCell}>Task</th>
              <th className={tableHeaderCell}>Created</th>
              <th className={tableHeaderCell}>Expires</th>
              <th className={tableHeaderCell}>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((row) => (
              <tr key={row.id}>
                <td className={`${tableCell} font-medium text-slate-900`}>{row.app}</td>
                <td className={`${tableCell} max-w-md break-words`}>{row.task}</td>
                <td className={`${tableCell} whitespace-nowrap`}>{row.created}</td>
                <td className={`${tableCell} whitespace-nowrap`}>{row.expires}</td>
                <td className={`${tableCell} text-right`}>
                  <Button variant="secondary" onClick={() => setTarget(row)}>
                    Revoke
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
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
        <p className="font-medium">This action is irreversible.</p>
      </ConfirmActionDialog>
    </>
  );
}
