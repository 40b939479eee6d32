import { getDb } from "@/db/client";
import { getTokenSettings } from "@/db/queries/settings";
import { listPersonalTokens } from "@/db/queries/tokens";
import { findUserByLogin, listUsersPage } from "@/db/queries/users";
import { PageHeader } from "@/components/page-header";
import { Pagination } from "@/components/pagination";
import { requireAdmin } from "@/lib/auth/session";
import { clock } from "@/lib/clock";
import { formatDate, formatRelative } from "@/lib/dates";
import { allowedLifetimeOptions } from "@/lib/tokens/expiry";
import { tokenRow } from "@/lib/tokens/rows";
import { CreateUserDialog } from "./create-user-dialog";
import { UserTokensDialog } from "./user-tokens-dialog";
import { UsersTable, type UserRow } from "./users-table";

export const metadata = { title: "Users - Administration - Tokensmith" };

const PAGE_SIZE = 25;

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const single = (value: string | string[] | undefined) => (typeof value === "string" ? value : "");

export default async function UsersPage({ searchParams }: { searchParams: SearchParams }) {
  const admin = await requireAdmin();
  const params = await searchParams;
  const query = single(params.q).trim().slice(0, 255);
  const page = Math.max(1, Math.min(1_000_000, Number.parseInt(single(params.p), 10) || 1));
  const tokensOf = single(params.tokens);

  const db = getDb();
  const now = clock.now();
  const [{ rows, total }, settings, tokensUser] = await Promise.all([
    listUsersPage(db, { query, page, pageSize: PAGE_SIZE }),
    getTokenSettings(db),
    tokensOf ? findUserByLogin(db, tokensOf) : undefined,
  ]);
  const tokens = tokensUser ? await listPersonalTokens(db, tokensUser.id, now) : [];

  const users: UserRow[] = rows.map((u) => ({
    id: u.id,
    login: u.login,
    name: u.name,
    email: u.email ?? "",
    role: u.role === "admin" ? "Administrator" : "User",
    lastConnection: u.lastConnection ? formatRelative(u.lastConnection, now) : "Never",
    lastConnectionTitle: u.lastConnection ? formatDate(u.lastConnection) : undefined,
    tokenCount: u.tokenCount,
    isAdmin: u.role === "admin",
    globalScan: u.globalScan,
    isSelf: u.id === admin.id,
  }));

  return (
    <div className="flex flex-col gap-6">
      <PageHeader trail="Administration > Security" title="Users">
        <CreateUserDialog />
      </PageHeader>
      <form role="search" className="flex max-w-md gap-2">
        <input
          type="search"
          name="q"
          defaultValue={query}
          aria-label="Search users"
          placeholder="Search users"
          maxLength={255}
          className="block w-full rounded-md border-0 px-3 py-2 text-sm text-slate-900 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-inset focus:ring-indigo-600"
        />
      </form>
      <div className="rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
        <UsersTable users={users} />
      </div>
      <Pagination page={page} pageSize={PAGE_SIZE} total={total} params={{ q: query }} noun="users" />
      {tokensUser ? (
        <UserTokensDialog
          user={{ id: tokensUser.id, login: tokensUser.login, name: tokensUser.name }}
          rows={tokens.map((t) => tokenRow(t, now))}
          lifetimes={allowedLifetimeOptions(settings.maxTokenLifetimeDays).map((o) => o.label)}
        />
      ) : null}
    </div>
  );
}
