import { and, desc, eq, gt, lte, ne } from "drizzle-orm";
import type { Database } from "../client";
import { sessions, users, type User } from "../schema";

/** Where a session's request came from: the client address and the stored `User-Agent`. */
export interface SessionClient {
  clientIp: string | null;
  userAgent: string | null;
}

export async function insertSession(
  db: Database,
  session: { secretHash: string; userId: string; at: Date } & SessionClient,
): Promise<void> {
  const { at, ...values } = session;
  await db.insert(sessions).values({ ...values, createdAt: at, lastSeenAt: at });
}

export interface LiveSession {
  user: User;
  session: { id: string; lastSeenAt: Date };
}

/**
 * The session with this secret hash and its user, in one query, if the session was created after
 * `createdAfter` (its lifetime) and still exists: an ended session or a deleted user finds nothing.
 */
export async function findLiveSession(
  db: Database,
  where: { secretHash: string; userId: string; createdAfter: Date },
): Promise<LiveSession | undefined> {
  const [row] = await db
    .select({ user: users, session: { id: sessions.id, lastSeenAt: sessions.lastSeenAt } })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        eq(sessions.secretHash, where.secretHash),
        eq(sessions.userId, where.userId),
        gt(sessions.createdAt, where.createdAfter),
      ),
    );
  return row;
}

/**
 * Records that the session was seen now, from `client`, unless that was recorded less than
 * `throttleMs` ago. The condition is in the statement, so concurrent requests write once per window.
 */
export async function touchSession(
  db: Database,
  sessionId: string,
  now: Date,
  throttleMs: number,
  client: SessionClient,
): Promise<void> {
  await db
    .update(sessions)
    .set({ lastSeenAt: now, ...client })
    .where(and(eq(sessions.id, sessionId), lte(sessions.lastSeenAt, new Date(now.getTime() - throttleMs))));
}

export async function deleteSessionBySecretHash(db: Database, secretHash: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.secretHash, secretHash));
}

/** Ends every session of the user but `keepId`; returns how many ended. */
export async function deleteOtherSessions(db: Database, where: { userId: string; keepId: string }): Promise<number> {
  const deleted = await db
    .delete(sessions)
    .where(and(eq(sessions.userId, where.userId), ne(sessions.id, where.keepId)))
    .returning({ id: sessions.id });
  return deleted.length;
}

/** Deletes every user's sessions not created after `createdAfter` (those findLiveSession refuses); answers how many. */
export async function deleteExpiredSessions(db: Database, createdAfter: Date): Promise<number> {
  const deleted = await db.delete(sessions).where(lte(sessions.createdAt, createdAfter)).returning({ id: sessions.id });
  return deleted.length;
}

/** The user's live sessions, most recently seen first. */
export async function listLiveSessions(db: Database, userId: string, createdAfter: Date) {
  return db
    .select({
      id: sessions.id,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      clientIp: sessions.clientIp,
      userAgent: sessions.userAgent,
    })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), gt(sessions.createdAt, createdAfter)))
    .orderBy(desc(sessions.lastSeenAt), desc(sessions.createdAt));
}

export type SessionListRow = Awaited<ReturnType<typeof listLiveSessions>>[number];
