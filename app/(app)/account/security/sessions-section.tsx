"use client";

import { DataTable } from "@/components/data-table";
import { Button, FormError, tableCell } from "@/components/ui";
import { useActionForm } from "@/components/use-action-form";
import type { SessionRow } from "@/lib/auth/session-rows";
import { logOutOtherSessionsAction } from "./actions";

/** The user's signed-in sessions, this one marked, and `Log out other sessions`. */
export function SessionsSection({ rows }: { rows: SessionRow[] }) {
  const form = useActionForm(logOutOtherSessionsAction);
  const others = rows.filter((row) => !row.current).length;
  return (
    <div className="flex flex-col gap-4">
      <DataTable
        headers={["Browser", "Address", "Last seen", "Signed in"]}
        rows={rows}
        rowKey={(row) => row.id}
        empty="No sessions"
        renderRow={(row) => (
          <>
            <td className={`${tableCell} font-medium text-slate-900`}>
              {row.browser}
              {row.current ? (
                <span className="ml-2 rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-700 ring-1 ring-inset ring-emerald-600/20">
                  This session
                </span>
              ) : null}
            </td>
            <td className={`${tableCell} whitespace-nowrap tabular-nums`}>{row.address || "Unknown"}</td>
            <td className={`${tableCell} whitespace-nowrap`}>{row.lastSeen}</td>
            <td className={`${tableCell} whitespace-nowrap`}>{row.signedIn}</td>
          </>
        )}
      />
      <form {...form.formProps} className="flex flex-wrap items-center gap-3">
        <Button type="submit" variant="secondary" disabled={form.pending || others === 0}>
          Log out other sessions
        </Button>
        {others === 0 ? <span className="text-sm text-slate-500">No other sessions.</span> : null}
        <FormError message={form.formError} />
      </form>
    </div>
  );
}
