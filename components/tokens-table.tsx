"use client";

import type { ActionResult } from "@/lib/auth/action-result";
import type { TokenRow } from "@/lib/tokens/rows";
import { DataTable, RowActionCell } from "./data-table";
import { useRotateAction, type RotateAction } from "./rotate-token-dialog";
import { ExpirationCell, LastUseCell } from "./token-cells";
import { TokenBadge } from "./notices-region";
import { tableCell } from "./ui";
import { useConfirmAction } from "./use-confirm-action";

/** Columns beyond Name, Created and Expiration, which every token table has. */
export type OptionalColumn = "type" | "project" | "lastUse";

const OPTIONAL_HEADERS: Record<OptionalColumn, string> = { type: "Type", project: "Project", lastUse: "Last use" };

/**
 * A user's tokens with `Rotate` (not on expired or rotated tokens) and `Revoke` (`Remove` once
 * expired) behind their dialogs. `onRotate` and `onRevoke` run the server actions.
 */
export function TokensTable({
  rows,
  columns = ["type", "project", "lastUse"],
  onRotate,
  onRevoke,
}: {
  rows: TokenRow[];
  columns?: OptionalColumn[];
  onRotate: RotateAction<TokenRow>;
  onRevoke: (row: TokenRow) => Promise<ActionResult>;
}) {
  const rotation = useRotateAction(onRotate);
  const confirmation = (verb: "Revoke" | "Remove") => ({
    title: `${verb} token`,
    run: onRevoke,
    describe: (row: TokenRow) => (
      <p>
        Are you sure you want to {verb.toLowerCase()} the token <strong>{row.name}</strong>? Scripts and clients using
        it will fail to authenticate.
      </p>
    ),
  });
  const revocation = useConfirmAction(confirmation("Revoke"));
  // An expired token no longer works: the same deletion, worded as tidying up.
  const removal = useConfirmAction(confirmation("Remove"));

  return (
    <>
      <DataTable
        headers={[
          "Name",
          ...columns.map((c) => OPTIONAL_HEADERS[c]),
          "Created",
          "Expiration",
          { srOnly: "Rotate" },
          { srOnly: "Revoke" },
        ]}
        rows={rows}
        rowKey={(row) => row.id}
        empty="No tokens"
        renderRow={(row) => (
          <>
            <td className={`${tableCell} font-medium text-slate-900`}>
              {row.name}
              <TokenBadge badge={row.badge} />
            </td>
            {columns.map((c) =>
              c === "lastUse" ? (
                <LastUseCell key={c} row={row} />
              ) : (
                <td key={c} className={tableCell}>
                  {row[c]}
                </td>
              ),
            )}
            <td className={tableCell}>{row.created}</td>
            <ExpirationCell row={row} text={row.expiration} expired={row.expired} />
            {row.expired || row.rotatedUntil !== null ? (
              <td className={tableCell} />
            ) : (
              <RowActionCell label="Rotate" onClick={() => rotation.ask(row)} />
            )}
            <RowActionCell
              label={row.expired ? "Remove" : "Revoke"}
              onClick={() => (row.expired ? removal : revocation).ask(row)}
            />
          </>
        )}
      />
      {rotation.dialog}
      {revocation.dialog}
      {removal.dialog}
    </>
  );
}
