"use client";

import { useState } from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { Switch } from "@/components/switch";
import { Button } from "@/components/ui";
import type { AgentTokenRow } from "@/lib/agents/rows";
import { revokeAgentTokenAction, setAgentAppsConsentAction } from "./actions";


const th = "px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-500";
const td = "px-3 py-3 text-sm text-slate-700";

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
              <th className={th}>App</th>
              <th className={th}>Task</th>
              <th className={th}>Created</th>
              <th className={th}>Expires</th>
              <th className={th}>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((row) => (
              <tr key={row.id}>
                <td className={`${td} font-medium text-slate-900`}>{row.app}</td>
                <td className={`${td} max-w-md break-words`}>{row.task}</td>
                <td className={`${td} whitespace-nowrap`}>{row.created}</td>
                <td className={`${td} whitespace-nowrap`}>{row.expires}</td>
                <td className={`${td} text-right`}>
                  <Button variant="secondary" onClick={() => setTarget(row)}>
                    Revoke
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ConfirmDialog
        open={target !== null}
        onOpenChange={(open) => (open ? undefined : setTarget(null))}
        title="Revoke token"
        confirmLabel="Revoke"
        onConfirm={async () => {
          if (!target) return;
          const result = await revokeAgentTokenAction(null, { tokenId: target.id });
          return result.ok ? undefined : result.error;
        }}
      >
        <p>
          Are you sure you want to revoke the agent token of <strong>{target?.app}</strong> for the task{" "}
          <strong>{target?.task}</strong>? The agent using it will fail to authenticate.
        </p>
        <p className="font-medium">This action is irreversible.</p>
      </ConfirmDialog>
    </>
  );
}
