import { and, asc, count, desc, eq, gt, ilike, isNotNull, isNull, lte, or } from "drizzle-orm";
import type { Database } from "../client";
import { agentApps, tokens, users, type AgentApp, type Token } from "../schema";
import { pageOf, type PageRequest } from "./paging";
import { countTokens } from "./tokens";
import { likePattern } from "./users";

export async function insertAgentApp(
  db: Database,
  values: { name: string; createdById: string; createdByLogin: string; createdAt: Date },
): Promise<AgentApp> {
  const [row] = await db.insert(agentApps).values(values).returning();
  if (!row) throw new Error("insert returned no row");
  return row;
}

/** Every agent app, by name, for the administration page. */
export async function listAgentApps(db: Database) {
  return db
    .select({
      id: agentApps.id,
      name: agentApps.name,
      createdByLogin: agentApps.createdByLogin,
      createdAt: agentApps.createdAt,
    })
    .from(agentApps)
    .orderBy(asc(agentApps.name), asc(agentApps.id));
}

export async function findAgentAppById(db: Database, id: string): Promise<AgentApp | undefined> {
  const [row] = await db.select().from(agentApps).where(eq(agentApps.id, id));
  return row;
}

/** The number of agent tokens an app holds (all of them die with it). */
export async function countAgentTokensOfApp(db: Database, agentAppId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(tokens)
    .where(and(eq(tokens.kind, "agent"), eq(tokens.agentAppId, agentAppId)));
  return row?.n ?? 0;
}

/** Deletes an app; its credential and agent tokens go with it through the foreign key's cascade. */
export async function deleteAgentAppById(db: Database, id: string): Promise<AgentApp | undefined> {
  const [row] = await db.delete(agentApps).where(eq(agentApps.id, id)).returning();
  return row;
}

/**
 * The user by login, locked against a concurrent consent change until the transaction ends, so a
 * token cannot be created after the user withdrew consent (the withdrawal waits, then deletes it).
 */
export async function findUserForAgentTokenLocked(db: Database, login: string) {
  const [row] = await db
    .select({ id: users.id, login: users.login, allowAgentApps: users.allowAgentApps })
    .from(users)
    .where(eq(users.login, login))
    .for("share");
  return row;
}

/** Deletes the finished or expired agent token of (app, user, task), if any, so the task may get a new one. */
export async function deleteDeadAgentToken(
  db: Database,
  where: { agentAppId: string; userId: string; task: string; now: Date },
): Promise<void> {
  await db
    .delete(tokens)
    .where(
      and(
        eq(tokens.kind, "agent"),
        eq(tokens.agentAppId, where.agentAppId),
        eq(tokens.userId, where.userId),
        eq(tokens.task, where.task),
        or(isNotNull(tokens.finishedAt), lte(tokens.expiresAt, where.now)),
      ),
    );
}

/** Marks an agent token finished; only a live one, so a token finishes once. */
export async function markAgentTokenFinished(db: Database, tokenId: string, now: Date): Promise<Token | undefined> {
  const [row] = await db
    .update(tokens)
    .set({ finishedAt: now })
    .where(and(eq(tokens.id, tokenId), eq(tokens.kind, "agent"), isNull(tokens.finishedAt)))
    .returning();
  return row;
}

/** Sets a user's agent-app consent and, when withdrawn, deletes their agent tokens; returns how many. */
export async function setAgentAppsConsent(db: Database, userId: string, allow: boolean): Promise<number> {
  await db.update(users).set({ allowAgentApps: allow }).where(eq(users.id, userId));
  if (allow) return 0;
  const deleted = await db
    .delete(tokens)
    .where(and(eq(tokens.kind, "agent"), eq(tokens.userId, userId)))
    .returning({ id: tokens.id });
  return deleted.length;
}

/**
 * One page of a user's live agent tokens (not finished, not expired), newest first, with their app's
 * name, and their total. `query` matches the app (an agent token is named after it) or the task.
 */
export async function listLiveAgentTokensPage(db: Database, ownerId: string, request: PageRequest & { now: Date }) {
  const pattern = likePattern(request.query);
  const where = and(
    eq(tokens.kind, "agent"),
    eq(tokens.userId, ownerId),
    isNull(tokens.finishedAt),
    gt(tokens.expiresAt, request.now),
    request.query ? or(ilike(tokens.name, pattern), ilike(tokens.task, pattern)) : undefined,
  );
  return pageOf(
    request,
    () => countTokens(db, where),
    (limit, offset) =>
      db
        .select({
          id: tokens.id,
          appName: agentApps.name,
          task: tokens.task,
          createdAt: tokens.createdAt,
          expiresAt: tokens.expiresAt,
        })
        .from(tokens)
        .innerJoin(agentApps, eq(agentApps.id, tokens.agentAppId))
        .where(where)
        .orderBy(desc(tokens.createdAt), desc(tokens.id))
        .limit(limit)
        .offset(offset),
  );
}

export type LiveAgentTokenRow = Awaited<ReturnType<typeof listLiveAgentTokensPage>>["rows"][number];

/** Deletes one agent token of one owner; the owner is part of the condition so a wrong id touches nothing. */
export async function deleteAgentTokenOfOwner(
  db: Database,
  where: { ownerId: string; tokenId: string },
): Promise<Token | undefined> {
  const [row] = await db
    .delete(tokens)
    .where(and(eq(tokens.id, where.tokenId), eq(tokens.kind, "agent"), eq(tokens.userId, where.ownerId)))
    .returning();
  return row;
}
