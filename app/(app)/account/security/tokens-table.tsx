"use client";

import { useState } from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { Button } from "@/components/ui";
import { revokeToken } from "./actions";

export interface TokenRow {
  id: string;
  name: string;
  type: string;
  project: string;
  lastUse: string;
  created: string;
  expiration: string;
  expired: boolean;
}

const th = "px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-500";
const td = "px-3 py-3 text-sm text-slate-700";

export function TokensTable({ rows }: { rows: TokenRow[] }) {
  const [target, setTarget] = useState<TokenRow | null>(null);

  if (rows.length === 0) return <p className="text-sm text-slate-500">No tokens</p>;

  const verb = target?.expired ? "Remove" : "Revoke";
  return (
    <>
      <div className="overflow-x-auto">
        <table className="min-w-full divide-y divide-slate-200">
          <thead>
            <tr>
              <th className={th}>Name</th>
              <th className={th}>Type</th>
              <th className={th}>Project</th>
              <th className={th}>Last use</th>
              <th className={th}>Created</th>
              <th className={th}>Expiration</th>
              <th className={th}>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((row) => (
              <tr key={row.id}>
                <td className={`${td} font-medium text-slate-900`}>{row.name}</td>
                <td className={td}>{row.type}</td>
                <td className={td}>{row.project}</td>
                <td className={td}>{row.lastUse}</td>
                <td className={td}>{row.created}</td>
                <td className={`${td} ${row.expired ? "font-medium text-red-600" : ""}`}>{row.expiration}</td>
                <td className={`${td} text-right`}>
                  <Button variant="secondary" onClick={() => setTarget(row)}>
                    {row.expired ? "Remove" : "Revoke"}
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
        title={`${verb} token`}
        confirmLabel={verb}
        onConfirm={async () => {
          if (!target) return;
          const result = await revokeToken(null, { tokenId: target.id });
          return result.ok ? undefined : result.error;
        }}
      >
        <p>
          Are you sure you want to {verb.toLowerCase()} the token <strong>{target?.name}</strong>? Scripts and
          clients using it will fail to authenticate.
        </p>
        <p className="font-medium">This action is irreversible.</p>
      </ConfirmDialog>
    </>
  );
}
