import { and, count, desc, eq, getTableColumns, gt, ilike, inArray, isNull, lte, or, sql, type SQL } from "drizzle-orm";
import { QueryBuilder, type PgColumn } from "drizzle-orm/pg-core";
import type { Database } from "../client";
import { preparedStatement } from "../prepared-statement";
import { pageOf, type Page, type PageRequest } from "./paging";
import { likePattern } from "./users";
import { PERSONAL_TOKEN_KINDS, projects, settings, tokens, users, type Token, type User } from "../schema";

export type NewToken = typeof tokens.$inferInsert;

export async function insertToken(db: Database, values: NewToken): Promise<Token> {
  const [row] = await db.insert(tokens).values(values).returning();
  if (!row) throw new Error("insert returned no row");
  return row;
}

/**
 * A rotated token is listed until its overlap ends (it no longer works from then, and the sweeper
 * deletes it soon after). Without `now`, every row.
 */
export function notEndedRotation(now: Date | undefined) {
  return now === undefined ? undefined : or(isNull(tokens.rotatedUntil), gt(tokens.rotatedUntil, now));
}

/** What every token table shows of a token, whatever its kind. */
export const TOKEN_TABLE_COLUMNS = {
  id: tokens.id,
  name: tokens.name,
  createdAt: tokens.createdAt,
  expiresAt: tokens.expiresAt,
  lastUsedAt: tokens.lastUsedAt,
  lastUsedIp: tokens.lastUsedIp,
  lastUsedClient: tokens.lastUsedClient,
  rotatedUntil: tokens.rotatedUntil,
};

const PERSONAL_TOKEN_COLUMNS = {
  ...TOKEN_TABLE_COLUMNS,
  kind: tokens.kind,
  hint: tokens.hint,
  projectKey: projects.key,
  projectName: projects.name,
};

/** How many tokens match, for a table's total. */
export async function countTokens(db: Database, where: SQL | undefined): Promise<number> {
  const [row] = await db.select({ n: count() }).from(tokens).where(where);
  return row?.n ?? 0;
}

// Newest first; the id breaks ties so pages never overlap. Served by tokens_user_created_idx.
const NEWEST_FIRST = [desc(tokens.createdAt), desc(tokens.id)];

function personalTokensOf(ownerId: string, now: Date | undefined, query = "") {
  return and(
    eq(tokens.userId, ownerId),
    inArray(tokens.kind, PERSONAL_TOKEN_KINDS),
    notEndedRotation(now),
    query ? ilike(tokens.name, likePattern(query)) : undefined,
  );
}

/**
 * Every personal token (user and analysis kinds) of one owner, newest first, in one query; with
 * `now`, no rotated token that has stopped.
 */
export async function listPersonalTokens(db: Database, ownerId: string, now?: Date) {
  return db
    .select(PERSONAL_TOKEN_COLUMNS)
    .from(tokens)
    .leftJoin(projects, eq(projects.id, tokens.projectId))
    .where(personalTokensOf(ownerId, now))
    .orderBy(...NEWEST_FIRST);
}

/** One page of an owner's personal tokens, newest first, whose name contains `query`, and their total. */
export async function listPersonalTokensPage(
  db: Database,
  ownerId: string,
  request: PageRequest & { now?: Date },
): Promise<Page<PersonalTokenRow>> {
  const where = personalTokensOf(ownerId, request.now, request.query);
  return pageOf(
    request,
    () => countTokens(db, where),
    (limit, offset) =>
      db
        .select(PERSONAL_TOKEN_COLUMNS)
        .from(tokens)
        .leftJoin(projects, eq(projects.id, tokens.projectId))
        .where(where)
        .orderBy(...NEWEST_FIRST)
        .limit(limit)
        .offset(offset),
  );
}

export type PersonalTokenRow = Awaited<ReturnType<typeof listPersonalTokens>>[number];

/** What authentication and its callers read of a token: not its hash, hint, label, task or creator. */
const AUTHENTICATED_TOKEN_COLUMNS = {
  id: tokens.id,
  kind: tokens.kind,
  name: tokens.name,
  userId: tokens.userId,
  projectId: tokens.projectId,
  agentAppId: tokens.agentAppId,
  allProjects: tokens.allProjects,
  expiresAt: tokens.expiresAt,
  finishedAt: tokens.finishedAt,
  lastUsedAt: tokens.lastUsedAt,
  createdAt: tokens.createdAt,
  rotatedUntil: tokens.rotatedUntil,
} satisfies { [K in keyof Token]?: (typeof tokens)[K] };

export type AuthenticatedToken = Pick<Token, keyof typeof AUTHENTICATED_TOKEN_COLUMNS>;

export interface TokenByHash {
  token: AuthenticatedToken;
  /** The owner, whole (callers act as them); null for instance-owned kinds. */
  user: User | null;
  inactiveTokenRemovalDays: number | null;
}

/** Each selected column, in the statement's order, and where its value goes in a TokenByHash. */
const LOOKUP_FIELDS: { into: "token" | "user" | "settings"; key: string; column: PgColumn }[] = [
  ...Object.entries(AUTHENTICATED_TOKEN_COLUMNS).map(([key, column]) => ({ into: "token" as const, key, column })),
  ...Object.entries(getTableColumns(users)).map(([key, column]) => ({ into: "user" as const, key, column })),
  { into: "settings", key: "inactiveTokenRemovalDays", column: settings.inactiveTokenRemovalDays },
];

// Built once from the schema, then prepared on each connection: requests only bind the hash.
const FIND_TOKEN_BY_HASH = new QueryBuilder()
  .select(Object.fromEntries(LOOKUP_FIELDS.map(({ column }, i) => [`c${i}`, column])))
  .from(tokens)
  .leftJoin(users, eq(users.id, tokens.userId))
  .leftJoin(settings, sql`${settings.id} = 1`)
  .where(eq(tokens.tokenHash, sql.placeholder("tokenHash")))
  .toSQL().sql;

function tokenByHashOf(row: unknown[]): TokenByHash {
  const parts: Record<"token" | "user" | "settings", Record<string, unknown>> = { token: {}, user: {}, settings: {} };
  LOOKUP_FIELDS.forEach(({ into, key, column }, i) => {
    const value = row[i];
    parts[into][key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  });
  return {
    token: parts.token as AuthenticatedToken,
    user: parts.user.id === null ? null : (parts.user as User),
    inactiveTokenRemovalDays: parts.settings.inactiveTokenRemovalDays as number | null,
  };
}

/**
 * Authentication's one indexed lookup: the token by its hash (unique index), with its owner and the
 * inactivity setting joined in, so a request costs a single round trip of one prepared statement.
 */
export async function findTokenByHash(db: Database, tokenHash: string): Promise<TokenByHash | undefined> {
  const [row] = await preparedStatement(db, "find_token_by_hash", FIND_TOKEN_BY_HASH)([tokenHash]);
  return row && tokenByHashOf(row);
}

/** Where a use came from, recorded with it. */
export interface LastUseClient {
  ip: string | null;
  /** The `User-Agent`, already cut to its stored length. */
  client: string | null;
}

/**
 * Records a use (and, when given, where it came from) unless one was recorded less than
 * `throttleMs` ago (same rule as authenticate.ts). The condition is in the statement, so concurrent
 * requests write at most once per window.
 */
export async function touchLastUsed(
  db: Database,
  tokenId: string,
  now: Date,
  throttleMs: number,
  from?: LastUseClient,
) {
  const threshold = new Date(now.getTime() - throttleMs);
  await db
    .update(tokens)
    .set({ lastUsedAt: now, ...(from ? { lastUsedIp: from.ip, lastUsedClient: from.client } : {}) })
    .where(and(eq(tokens.id, tokenId), or(isNull(tokens.lastUsedAt), lte(tokens.lastUsedAt, threshold))));
}

/**
 * Deletes one personal token by id, or by name every token of that name (the live one and those
 * rotated into it that still work); the owner is part of the condition so a wrong id touches nothing.
 */
export async function deletePersonalTokens(
  db: Database,
  where: { ownerId: string } & ({ tokenId: string } | { name: string }),
): Promise<Token[]> {
  const match = "tokenId" in where ? eq(tokens.id, where.tokenId) : eq(tokens.name, where.name);
  return db
    .delete(tokens)
    .where(and(eq(tokens.userId, where.ownerId), inArray(tokens.kind, PERSONAL_TOKEN_KINDS), match))
    .returning();
}
