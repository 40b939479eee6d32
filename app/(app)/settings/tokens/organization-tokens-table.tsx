"use client";

import { DataTable } from "@/components/data-table";
import { TokenBadge } from "@/components/notices-region";
import { RowMenu } from "@/components/row-menu";
import { tableCell } from "@/components/ui";
import { useConfirmAction } from "@/components/use-confirm-action";
import { deleteOrganizationTokenAction } from "./actions";

export interface OrganizationTokenTableRow {
  id: string;
  name: string;
  type: string;
  /** `All projects`, or the chosen projects' names. */
  scope: string;
  expiry: string;
  createdBy: string;
  creationDate: string;
  /** `Expires soon` while the token has a live notice. */
  badge?: string;
}

export function OrganizationTokensTable({ rows }: { rows: OrganizationTokenTableRow[] }) {
  const deletion = useConfirmAction({
    title: "Delete token",
    run: (token: OrganizationTokenTableRow) => deleteOrganizationTokenAction(null, { tokenId: token.id }),
    describe: (token) => (
      <p>
        Are you sure you want to delete the token <strong>{token.name}</strong>? Every client using it will fail to
        authenticate on its next request.
      </p>
    ),
  });

  return (
    <>
      <DataTable
        headers={["Name", "Type", "Expiry", "Created by", "Creation date", { srOnly: "Actions" }]}
        rows={rows}
        rowKey={(row) => row.id}
        empty="No tokens"
        emptyClassName="p-6"
        renderRow={(row) => (
          <>
            <td className={tableCell}>
              <div className="font-medium text-slate-900">
                {row.name}
                <TokenBadge badge={row.badge} />
              </div>
              <div className="text-xs text-slate-500">{row.scope}</div>
            </td>
            <td className={tableCell}>{row.type}</td>
            <td className={`${tableCell} ${row.expiry === "Expired" ? "font-medium text-red-600" : ""}`}>
              {row.expiry}
            </td>
            <td className={tableCell}>{row.createdBy}</td>
            <td className={tableCell}>{row.creationDate}</td>
            <td className={`${tableCell} text-right`}>
              <RowMenu
                label={`Actions for ${row.name}`}
                items={[{ label: "Delete", danger: true, onSelect: () => deletion.ask(row) }]}
              />
            </td>
          </>
        )}
      />
      {deletion.dialog}
    </>
  );
}
