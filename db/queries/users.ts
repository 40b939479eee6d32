import { asc, count, eq, ilike, inArray, isNotNull, or, sql } from "drizzle-orm";
import type { Database } from "../client";
import { PERSONAL_TOKEN_KINDS, scanPermissions, tokens, users, type User, type UserRole } from "../schema";

export async function findUserById(db: Database, id: string): Promise<User | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row;
}

export async function findUserByLogin(db: Database, login: string): Promise<User | undefined> {
  const [row] = await db.select().from(users).where(eq(users.login, login));
  return row;
}

export async function countUsers(db: Database): Promise<number> {
  const [row] = await db.select({ n: count() }).from(users);
  return row?.n ?? 0;
}

export interface NewUser {
  login: string;
  name: string;
  email?: string | null;
  passwordHash: string;
  role: UserRole;
}

export async function insertUser(db: Database, user: NewUser): Promise<User> {
  const [row] = await db.insert(users).values(user).returning();
  if (!row) throw new Error("insert returned no row");
  return row;
}

export async function recordSignIn(db: Database, userId: string, at: Date): Promise<void> {
  await db.update(users).set({ lastSignInAt: at }).where(eq(users.id, userId));
}

/** Escapes LIKE wildcards so a search for `a_b` finds exactly that. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * One page of users for the administration list, matching `query` in login, name or email, with
 * their number of personal tokens, their last connection (latest sign-in or token use) and whether
 * they hold the global Execute Analysis grant.
 */
export async function listUsersPage(db: Database, options: { query: string; page: number; pageSize: number }) {
  const match = options.query
    ? or(
        ilike(users.login, likePattern(options.query)),
        ilike(users.name, likePattern(options.query)),
        ilike(users.email, likePattern(options.query)),
      )
    : undefined;
  const tokenStats = db
    .select({
      userId: tokens.userId,
      tokenCount: sql<number>`count(*) filter (where ${inArray(tokens.kind, PERSONAL_TOKEN_KINDS)})`
        .mapWith(Number)
        .as("token_count"),
      lastTokenUse: sql<Date | null>`max(${tokens.lastUsedAt})`.as("last_token_use"),
    })
    .from(tokens)
    .where(isNotNull(tokens.userId))
    .groupBy(tokens.userId)
    .as("token_stats");
  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: users.id,
        login: users.login,
        name: users.name,
        email: users.email,
        role: users.role,
        tokenCount: sql<number>`coalesce(${tokenStats.tokenCount}, 0)`.mapWith(Number),
        globalScan:
          sql<boolean>`exists (select 1 from ${scanPermissions} where ${scanPermissions.userId} = ${users.id} and ${scanPermissions.projectId} is null)`.mapWith(
            Boolean,
          ),
        lastConnection: sql<Date | null>`greatest(${users.lastSignInAt}, ${tokenStats.lastTokenUse})`.mapWith(
          (value: string | Date | null) => (value === null ? null : new Date(value)),
        ),
      })
      .from(users)
      .leftJoin(tokenStats, eq(tokenStats.userId, users.id))
      .where(match)
      .orderBy(asc(users.login))
      .limit(options.pageSize)
      .offset((options.page - 1) * options.pageSize),
    db.select({ n: count() }).from(users).where(match),
  ]);
  return { rows, total: total?.n ?? 0 };
}

export type UserListRow = Awaited<ReturnType<typeof listUsersPage>>["rows"][number];

export type DeleteUserOutcome = "deleted" | "not_found" | "last_admin";

/**
 * Deletes a user; their tokens and sessions go with them through the foreign keys' cascade, in the same
 * statement. The admin rows are locked first, so two admins deleting each other at once cannot
 * leave the instance without one. `beforeDelete` runs in the same transaction just before the delete
 * (the audit trail records what is about to go).
 */
export async function deleteUserKeepingAnAdmin(
  db: Database,
  userId: string,
  beforeDelete: (tx: Database) => Promise<void> = async () => {},
): Promise<DeleteUserOutcome> {
  return db.transaction(async (tx) => {
    const admins = await tx.select({ id: users.id }).from(users).where(eq(users.role, "admin")).for("no key update");
    // Locked: a token insert (which key-share locks its owner) waits, so none slips in between what
    // beforeDelete sees and what the cascade deletes.
    const target = await tx.select({ role: users.role }).from(users).where(eq(users.id, userId)).for("update");
    if (!target[0]) return "not_found";
    if (target[0].role === "admin" && admins.length <= 1) return "last_admin";
    await beforeDelete(tx);
    await tx.delete(users).where(eq(users.id, userId));
    return "deleted";
  });
}
