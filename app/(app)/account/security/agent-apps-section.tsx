"use client";

import { DataTable, RowActionCell } from "@/components/data-table";
import { PagedTable, type TablePaging } from "@/components/paged-table";
import { Switch } from "@/components/switch";
import { tableCell } from "@/components/ui";
import { useConfirmAction } from "@/components/use-confirm-action";
import type { AgentTokenRow } from "@/lib/agents/rows";
import { revokeAgentTokenAction, setAgentAppsConsentAction } from "./actions";

/** The consent switch and the user's live agent tokens, each with `Revoke`. */
export function AgentAppsSection({
  allowed,
  rows,
  paging,
}: {
  allowed: boolean;
  rows: AgentTokenRow[];
  paging: TablePaging;
}) {
  return (
    <div className="flex flex-col gap-6">
      <Switch
        label="Allow Agent Apps to create personal access tokens"
        checked={allowed}
        onChange={(allow) => setAgentAppsConsentAction(null, { allow })}
      />
      <PagedTable paging={paging} searchLabel="Search agent tokens" noun="agent tokens" navLabel="Agent token pages">
        <AgentTokensTable rows={rows} />
      </PagedTable>
    </div>
  );
}

function AgentTokensTable({ rows }: { rows: AgentTokenRow[] }) {
  const revocation = useConfirmAction({
    title: "Revoke token",
    run: (token: AgentTokenRow) => revokeAgentTokenAction(null, { tokenId: token.id }),
    describe: (token) => (
      <p>
        Are you sure you want to revoke the agent token of <strong>{token.app}</strong> for the task{" "}
        <strong>{token.task}</strong>? The agent using it will fail to authenticate.
      </p>
    ),
  });

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
            <RowActionCell label="Revoke" onClick={() => revocation.ask(row)} />
          </>
        )}
      />
      {revocation.dialog}
    </>
  );
}
