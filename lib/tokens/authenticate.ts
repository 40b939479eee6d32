import type { Database } from "@/db/client";
import { findTokenByHash, touchLastUsed, type AuthenticatedToken } from "@/db/queries/tokens";
import type { User } from "@/db/schema";
import { isExpired, isInactive } from "./expiry";
import { hashToken, isWellFormedToken, TOKENS_IN_TEXT } from "./format";
import { TOKEN_KINDS } from "./kinds";

/** Later uses are written at most this often per token; the first use is written at once. */
export const LAST_USE_THROTTLE_MS = 60_000;

/** The stored `User-Agent` is cut to this many characters. */
export const LAST_USE_CLIENT_MAX_CHARS = 200;

/** Where a request comes from, recorded with the token's last use. */
export interface RequestOrigin {
  ip: string;
  userAgent?: string | null;
}

/**
 * The `User-Agent` as stored: at most 200 characters (code points, as Postgres counts them), with
 * anything shaped like a token redacted first (a careless client may send one there; no plaintext
 * token is ever stored), and no NUL (Postgres text cannot hold it; header parsers refuse it, but
 * this is a library function).
 */
export function storedUserAgent(userAgent: string | null | undefined): string | null {
  if (!userAgent) return null;
  const redacted = userAgent.replace(TOKENS_IN_TEXT, "[token]").replaceAll("\0", "");
  return Array.from(redacted).slice(0, LAST_USE_CLIENT_MAX_CHARS).join("") || null;
}

export type TokenAuthentication =
  | { ok: true; token: AuthenticatedToken; user: User | null }
  | { ok: false; reason: "malformed" | "unknown" | "expired" | "inactive" | "finished" | "no_consent" };

/**
 * Authenticates a presented token. `origin` (the client address and `User-Agent`) is recorded with
 * the last use when given; without it the use is recorded alone.
 */
export async function authenticateToken(
  db: Database,
  presented: string,
  now: Date,
  origin?: RequestOrigin,
): Promise<TokenAuthentication> {
  // The checksum refuses typos and guesses before any database work.
  if (!isWellFormedToken(presented)) return { ok: false, reason: "malformed" };
  const row = await findTokenByHash(db, hashToken(presented));
  if (!row) return { ok: false, reason: "unknown" };
  const { token, user } = row;
  const rules = TOKEN_KINDS[token.kind];
  // A rotated token stops at the end of its overlap, as if it expired then.
  if (isExpired(token.expiresAt, now) || isExpired(token.rotatedUntil, now)) return { ok: false, reason: "expired" };
  // An agent token dies when its task finishes, and whenever its user no longer allows agent apps
  // (withdrawing consent also deletes them; this holds even for a request racing that deletion).
  if (token.finishedAt !== null) return { ok: false, reason: "finished" };
  if (rules.needsAgentConsent && !user?.allowAgentApps) return { ok: false, reason: "no_consent" };
  if (rules.sweptForInactivity && isInactive(token.lastUsedAt ?? token.createdAt, row.inactiveTokenRemovalDays, now)) {
    return { ok: false, reason: "inactive" };
  }
  if (token.lastUsedAt === null || now.getTime() - token.lastUsedAt.getTime() >= LAST_USE_THROTTLE_MS) {
    const from = origin && { ip: origin.ip, client: storedUserAgent(origin.userAgent) };
    await touchLastUsed(db, token.id, now, LAST_USE_THROTTLE_MS, from);
  }
  return { ok: true, token, user };
}
