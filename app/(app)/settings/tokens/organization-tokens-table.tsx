"use client";

import { useState } from "react";
import { ConfirmActionDialog } from "@/components/confirm-dialog";
import { RowMenu } from "@/components/row-menu";
import { deleteOrganizationTokenAction } from "./actions";
import { tableCell, tableHeaderCell } from "@/components/ui";

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

export function OrganizationTokensTable({ rows }: { rows: OrganizationTokenTableRow[] }) {
  const [target, setTarget] = useState<OrganizationTokenTableRow | null>(null);

  if (rows.length === 0) return <p className="p-6 text-sm text-slate-500">No tokens</p>;

  return (
    <>
      <div className="overflow-x-auto">
        <table className="min-w-full divide-y divide-slate-200">
          <thead>
            <tr>
              <th className={tableHeaderCell}>Name</th>
              <th className={tableHeaderCell}>Type</th>
              <th className={tableHeaderCell}>Expiry</th>
              <th className={tableHeaderCell}>Created by</th>
              <th className={tableHeaderCell}>Creation date</th>
              <th className={tableHeaderCell}>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((row) => (
              <tr key={row.id}>
                <td className={tableCell}>
                  <div className="font-medium text-slate-900">{row.name}</div>
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
                    items={[{ label: "Delete", danger: true, onSelect: () => setTarget(row) }]}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ConfirmActionDialog
        target={target}
        onClose={() => setTarget(null)}
        title="Delete token"
        confirmLabel="Delete"
        run={(item) => deleteOrganizationTokenAction(null, { tokenId: item.id })}
      >
        <p>
          Are you sure you want to delete the token <strong>{target?.name}</strong>? Every client using it will fail to
          authenticate on its next request.
        </p>
        <p className="font-medium">This action is irreversible.</p>
      </ConfirmActionDialog>
    </>
  );
}
