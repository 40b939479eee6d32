"use client";

import { useState } from "react";
import type { ActionResult } from "@/lib/auth/action-result";
import type { TokenRow } from "@/lib/tokens/rows";
import { actionError } from "./action-error";
import { ConfirmDialog } from "./confirm-dialog";
import { DataTable } from "./data-table";
import { Button, tableCell } from "./ui";

/** Columns beyond Name, Created and Expiration, which every token table has. */
export type OptionalColumn = "type" | "project" | "lastUse";

const OPTIONAL_HEADERS: Record<OptionalColumn, string> = { type: "Type", project: "Project", lastUse: "Last use" };

/**
 * A user's tokens with `Revoke` (`Remove` once expired) behind the one confirmation dialog.
 * `onRevoke` runs the server action that deletes the token.
 */
export function TokensTable({
  rows,
  columns = ["type", "project", "lastUse"],
  onRevoke,
}: {
  rows: TokenRow[];
  columns?: OptionalColumn[];
  onRevoke: (row: TokenRow) => Promise<ActionResult>;
}) {
  const [target, setTarget] = useState<TokenRow | null>(null);

  const verb = target?.expired ? "Remove" : "Revoke";
  return (
    <>
      <DataTable
        headers={["Name", ...columns.map((c) => OPTIONAL_HEADERS[c]), "Created", "Expiration", { srOnly: "Actions" }]}
        rows={rows}
        rowKey={(row) => row.id}
        empty="No tokens"
        renderRow={(row) => (
          <>
            <td className={`${tableCell} font-medium text-slate-900`}>{row.name}</td>
            {columns.map((c) => (
              <td key={c} className={tableCell}>
                {row[c]}
              </td>
            ))}
            <td className={tableCell}>{row.created}</td>
            <td className={`${tableCell} ${row.expired ? "font-medium text-red-600" : ""}`}>{row.expiration}</td>
            <td className={`${tableCell} text-right`}>
              <Button variant="secondary" onClick={() => setTarget(row)}>
                {row.expired ? "Remove" : "Revoke"}
              </Button>
            </td>
          </>
        )}
      />
      <ConfirmDialog
        open={target !== null}
        onOpenChange={(open) => (open ? undefined : setTarget(null))}
        title={`${verb} token`}
        confirmLabel={verb}
        irreversible
        onConfirm={async () => (target ? actionError(await onRevoke(target)) : undefined)}
      >
        <p>
          Are you sure you want to {verb.toLowerCase()} the token <strong>{target?.name}</strong>? Scripts and clients
          using it will fail to authenticate.
        </p>
      </ConfirmDialog>
    </>
  );
}
