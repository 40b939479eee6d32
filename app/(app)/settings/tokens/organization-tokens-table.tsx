"use client";

import { DataTable } from "@/components/data-table";
import { useRotateAction } from "@/components/rotate-token-dialog";
import { RowMenu, type RowMenuItem } from "@/components/row-menu";
import { ExpirationCell, LastUseCell } from "@/components/token-cells";
import { TokenBadge } from "@/components/notices-region";
import { tableCell } from "@/components/ui";
import { useConfirmAction } from "@/components/use-confirm-action";
import type { UsageCells } from "@/lib/tokens/rows";
import { deleteOrganizationTokenAction, rotateOrganizationTokenAction } from "./actions";

export interface OrganizationTokenTableRow extends UsageCells {
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
  const rotation = useRotateAction((token: OrganizationTokenTableRow, input) =>
    rotateOrganizationTokenAction(null, { tokenId: token.id, ...input }),
  );
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
        headers={["Name", "Type", "Expiry", "Created by", "Creation date", "Last use", { srOnly: "Actions" }]}
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
            <ExpirationCell row={row} text={row.expiry} expired={row.expiry === "Expired"} />
            <td className={tableCell}>{row.createdBy}</td>
            <td className={tableCell}>{row.creationDate}</td>
            <LastUseCell row={row} />
            <td className={`${tableCell} text-right`}>
              <RowMenu
                label={`Actions for ${row.name}`}
                items={[
                  // An expired or already rotated token has nothing left to hand over.
                  ...(row.expiry === "Expired" || row.rotatedUntil !== null
                    ? []
                    : [{ label: "Rotate", onSelect: () => rotation.ask(row) } satisfies RowMenuItem]),
                  { label: "Delete", danger: true, onSelect: () => deletion.ask(row) },
                ]}
              />
            </td>
          </>
        )}
      />
      {rotation.dialog}
      {deletion.dialog}
    </>
  );
}
