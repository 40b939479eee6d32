import { getDb } from "@/db/client";
import { getTokenSettings } from "@/db/queries/settings";
import { listPersonalTokensPage } from "@/db/queries/tokens";
import { findUserByLogin, listUsersPage } from "@/db/queries/users";
import type { TablePaging } from "@/components/paged-table";
import { PageHeader } from "@/components/page-header";
import { Pagination } from "@/components/pagination";
import { SearchBox } from "@/components/search-box";
import { requireAdmin } from "@/lib/auth/session";
import { clock } from "@/lib/clock";
import { formatDate, formatRelative } from "@/lib/dates";
import { keepParams, pageNumber, searchText, single, type SearchParams } from "@/lib/search-params";
import { allowedLifetimeOptions } from "@/lib/tokens/expiry";
import { tokenRow } from "@/lib/tokens/rows";
import { CreateUserDialog } from "./create-user-dialog";
import { UserTokensDialog } from "./user-tokens-dialog";
import { UsersTable, type UserRow } from "./users-table";

export const metadata = { title: "Users - Administration - Tokensmith" };

const PATH = "/admin/users";
const PAGE_SIZE = 25;
const TOKENS_PAGE_SIZE = 50;

export default async function UsersPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const admin = await requireAdmin();
  const params = await searchParams;
  const query = searchText(params.q);
  const page = pageNumber(params.p);
  // The Tokens dialog is in the URL too: whose tokens (tokens), its search (tq) and its page (tp).
  const tokensOf = single(params.tokens);
  const tokensRequest = { query: searchText(params.tq), page: pageNumber(params.tp), pageSize: TOKENS_PAGE_SIZE };

  const db = getDb();
  const now = clock.now();
  const [{ rows, total }, settings, tokensUser] = await Promise.all([
    listUsersPage(db, { query, page, pageSize: PAGE_SIZE }),
    getTokenSettings(db),
    tokensOf ? findUserByLogin(db, tokensOf) : undefined,
  ]);
  const tokens = tokensUser
    ? await listPersonalTokensPage(db, tokensUser.id, { ...tokensRequest, now })
    : { rows: [], total: 0, page: 1 };
  const tokensPaging: TablePaging = {
    path: PATH,
    ...tokensRequest,
    page: tokens.page,
    total: tokens.total,
    queryParam: "tq",
    pageParam: "tp",
    keep: keepParams(params, ["q", "p", "tokens"]),
  };

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
      <SearchBox action={PATH} label="Search users" value={query} />
      <div className="rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
        <UsersTable users={users} />
      </div>
      <Pagination page={page} pageSize={PAGE_SIZE} total={total} params={{ q: query }} noun="users" />
      {tokensUser ? (
        <UserTokensDialog
          user={{ id: tokensUser.id, login: tokensUser.login, name: tokensUser.name }}
          rows={tokens.rows.map((t) => tokenRow(t, now))}
          paging={tokensPaging}
          lifetimes={allowedLifetimeOptions(settings.maxTokenLifetimeDays).map((o) => o.label)}
        />
      ) : null}
    </div>
  );
}
