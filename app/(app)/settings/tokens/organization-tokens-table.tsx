"use client";

import { useState } from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { RowMenu } from "@/components/row-menu";
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
}

const th = "px-4 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-500";
const td = "px-4 py-3 text-sm text-slate-700";

export function OrganizationTokensTable({ rows }: { rows: OrganizationTokenTableRow[] }) {
  const [target, setTarget] = useState<OrganizationTokenTableRow | null>(null);

  if (rows.length === 0) return <p className="p-6 text-sm text-slate-500">No tokens</p>;

  return (
    <>
      <div className="overflow-x-auto">
        <table className="min-w-full divide-y divide-slate-200">
          <thead>
            <tr>
              <th className={th}>Name</th>
              <th className={th}>Type</th>
              <th className={th}>Expiry</th>
              <th className={th}>Created by</th>
              <th className={th}>Creation date</th>
              <th className={th}>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((row) => (
              <tr key={row.id}>
                <td className={td}>
                  <div className="font-medium text-slate-900">{row.name}</div>
                  <div className="text-xs text-slate-500">{row.scope}</div>
                </td>
                <td className={td}>{row.type}</td>
                <td className={`${td} ${row.expiry === "Expired" ? "font-medium text-red-600" : ""}`}>{row.expiry}</td>
                <td className={td}>{row.createdBy}</td>
                <td className={td}>{row.creationDate}</td>
                <td className={`${td} text-right`}>
                  <RowMenu
                    label={`Actions for ${row.name}`}
                    items={[{ label: "Delete", danger: true, onSelect: () => setTarget(row) }]}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ConfirmDialog
        open={target !== null}
        onOpenChange={(open) => (open ? undefined : setTarget(null))}
        title="Delete token"
        confirmLabel="Delete"
        onConfirm={async () => {
          if (!target) return;
          const result = await deleteOrganizationTokenAction(null, { tokenId: target.id });
          return result.ok ? undefined : result.error;
        }}
      >
        <p>
          Are you sure you want to delete the token <strong>{target?.name}</strong>? Every client using it will fail to
          authenticate on its next request.
        </p>
        <p className="font-medium">This action is irreversible.</p>
      </ConfirmDialog>
    </>
  );
}
