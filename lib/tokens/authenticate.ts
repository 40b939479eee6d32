import type { Database } from "@/db/client";
import { findTokenByHash, touchLastUsed, type AuthenticatedToken } from "@/db/queries/tokens";
import type { User } from "@/db/schema";
import { isExpired, isInactive } from "./expiry";
import { hashToken, isWellFormedToken } from "./format";
import { TOKEN_KINDS } from "./kinds";

/** Later uses are written at most this often per token; the first use is written at once. */
export const LAST_USE_THROTTLE_MS = 60_000;

export type TokenAuthentication =
  | { ok: true; token: AuthenticatedToken; user: User | null }
  | { ok: false; reason: "malformed" | "unknown" | "expired" | "inactive" | "finished" | "no_consent" };

export async function authenticateToken(db: Database, presented: string, now: Date): Promise<TokenAuthentication> {
  // The checksum refuses typos and guesses before any database work.
  if (!isWellFormedToken(presented)) return { ok: false, reason: "malformed" };
  const row = await findTokenByHash(db, hashToken(presented));
  if (!row) return { ok: false, reason: "unknown" };
  const { token, user } = row;
  const rules = TOKEN_KINDS[token.kind];
  if (isExpired(token.expiresAt, now)) return { ok: false, reason: "expired" };
  // An agent token dies when its task finishes, and whenever its user no longer allows agent apps
  // (withdrawing consent also deletes them; this holds even for a request racing that deletion).
  if (token.finishedAt !== null) return { ok: false, reason: "finished" };
  if (rules.needsAgentConsent && !user?.allowAgentApps) return { ok: false, reason: "no_consent" };
  if (rules.sweptForInactivity && isInactive(token.lastUsedAt ?? token.createdAt, row.inactiveTokenRemovalDays, now)) {
    return { ok: false, reason: "inactive" };
  }
  if (token.lastUsedAt === null || now.getTime() - token.lastUsedAt.getTime() >= LAST_USE_THROTTLE_MS) {
    await touchLastUsed(db, token.id, now, LAST_USE_THROTTLE_MS);
  }
  return { ok: true, token, user };
}
