"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { DataTable, RowActionCell } from "@/components/data-table";
import { Switch } from "@/components/switch";
import { tableCell } from "@/components/ui";
import { useConfirmAction } from "@/components/use-confirm-action";
import { deleteUserAction, setGlobalScanAction } from "./actions";

export interface UserRow {
  id: string;
  login: string;
  name: string;
  email: string;
  role: string;
  lastConnection: string;
  lastConnectionTitle?: string;
  tokenCount: number;
  isAdmin: boolean;
  globalScan: boolean;
  isSelf: boolean;
}

const td = `${tableCell} align-top`;

export function UsersTable({ users }: { users: UserRow[] }) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const deletion = useConfirmAction({
    title: "Delete user",
    run: (user: UserRow) => deleteUserAction(null, { userId: user.id }),
    describe: (user) => (
      <p>
        Are you sure you want to delete the user{" "}
        <strong>
          {user.name} ({user.login})
        </strong>
        ? Their tokens are deleted too, and scripts and clients using them will fail to authenticate.
      </p>
    ),
  });

  // The Tokens dialog is part of the URL, so the server loads that user's tokens.
  const openTokens = (login: string) => {
    const next = new URLSearchParams(searchParams);
    next.set("tokens", login);
    // A new dialog starts on its first page, unsearched.
    next.delete("tq");
    next.delete("tp");
    router.push(`${pathname}?${next.toString()}`, { scroll: false });
  };

  return (
    <>
      <DataTable
        headers={["Name", "Role", "Last connection", "Tokens", "Global Execute Analysis", { srOnly: "Actions" }]}
        rows={users}
        rowKey={(user) => user.id}
        empty="No users found"
        emptyClassName="p-4"
        renderRow={(user) => (
          <>
            <td className={td}>
              <div className="font-medium text-slate-900">{user.name}</div>
              <div className="text-slate-500">{user.login}</div>
              {user.email ? <div className="text-slate-500">{user.email}</div> : null}
            </td>
            <td className={td}>{user.role}</td>
            <td className={td} title={user.lastConnectionTitle}>
              {user.lastConnection}
            </td>
            <td className={td}>
              <div className="flex items-center gap-2">
                <span>{user.tokenCount}</span>
                <button
                  type="button"
                  aria-label={`Tokens of ${user.login}`}
                  title={`Tokens of ${user.login}`}
                  onClick={() => openTokens(user.login)}
                  className="rounded px-2 py-0.5 text-lg leading-none text-slate-600 ring-1 ring-inset ring-slate-300 hover:bg-slate-100"
                >
                  ⋯
                </button>
              </div>
            </td>
            <td className={td}>
              <Switch
                label={`Global Execute Analysis for ${user.login}`}
                caption={user.isAdmin ? "Always" : "All projects"}
                checked={user.isAdmin || user.globalScan}
                disabled={user.isAdmin}
                title={user.isAdmin ? "Administrators have every permission." : "Execute Analysis on all projects"}
                onChange={(enabled) => setGlobalScanAction(null, { userId: user.id, enabled })}
              />
            </td>
            <RowActionCell
              className={td}
              label="Delete"
              disabled={user.isSelf}
              title={user.isSelf ? "You cannot delete your own account." : undefined}
              onClick={() => deletion.ask(user)}
            />
          </>
        )}
      />
      {deletion.dialog}
    </>
  );
}
