import { createHash, randomBytes } from "node:crypto";
import type { Database } from "@/db/client";
import {
  deleteOtherSessions,
  deleteSessionBySecretHash,
  deleteExpiredSessions,
  findLiveSession,
  insertSession,
  touchSession,
  type LiveSession,
  type SessionClient,
} from "@/db/queries/sessions";
import { storedUserAgent } from "@/lib/tokens/authenticate";

/** A session lasts 12 hours from sign-in, whatever its cookie says; the cookie's own lifetime is the same. */
export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

/** A session's last seen time (and address) is written at most this often. */
export const SESSION_TOUCH_THROTTLE_MS = 60_000;

const hashSecret = (secret: string) => createHash("sha256").update(secret).digest("hex");

/** Sessions created at or before this are past their lifetime. */
export const sessionsCreatedAfter = (now: Date) => new Date(now.getTime() - SESSION_MAX_AGE_SECONDS * 1000);

/** Where a request comes from, as a session stores it (the `User-Agent` trimmed and redacted). */
export function sessionClient(clientIp: string, userAgent: string | null | undefined): SessionClient {
  return { clientIp, userAgent: storedUserAgent(userAgent) };
}

/**
 * Records a new session for a user who just signed in and returns its secret, which travels only in
 * the session cookie. Sessions of anyone past their lifetime are deleted on the way.
 */
export async function startSession(
  db: Database,
  input: { userId: string; client: SessionClient; now: Date },
): Promise<string> {
  const secret = randomBytes(32).toString("base64url");
  await deleteExpiredSessions(db, sessionsCreatedAfter(input.now));
  await insertSession(db, { secretHash: hashSecret(secret), userId: input.userId, at: input.now, ...input.client });
  return secret;
}

/** Ends the session with this secret (Log out); an unknown secret changes nothing. */
export async function endSession(db: Database, secret: string): Promise<void> {
  await deleteSessionBySecretHash(db, hashSecret(secret));
}

/** The live session a cookie names, with its user: its row and user exist and its lifetime has not passed. */
const findSessionOfCookie = (db: Database, cookie: { secret: string; userId: string; now: Date }) =>
  findLiveSession(db, {
    secretHash: hashSecret(cookie.secret),
    userId: cookie.userId,
    createdAfter: sessionsCreatedAfter(cookie.now),
  });

/** Whether the session a cookie names is live; records nothing. */
export async function isSessionLive(db: Database, input: { secret: string; userId: string; now: Date }) {
  return (await findSessionOfCookie(db, input)) !== undefined;
}

/**
 * The live session a cookie names and its user, or null once the session ended, its user was
 * deleted or its lifetime passed. Records when (and from where) it was last seen, at most once a
 * minute; `client` is only asked then.
 */
export async function checkSession(
  db: Database,
  input: { secret: string; userId: string; now: Date; client: () => Promise<SessionClient> },
): Promise<LiveSession | null> {
  const live = await findSessionOfCookie(db, input);
  if (!live) return null;
  if (input.now.getTime() - live.session.lastSeenAt.getTime() >= SESSION_TOUCH_THROTTLE_MS) {
    await touchSession(db, live.session.id, input.now, SESSION_TOUCH_THROTTLE_MS, await input.client());
  }
  return live;
}

/** Log out other sessions: ends every session of the user but the one given; returns how many ended. */
export async function endOtherSessions(db: Database, input: { userId: string; keepSessionId: string }) {
  return deleteOtherSessions(db, { userId: input.userId, keepId: input.keepSessionId });
}
