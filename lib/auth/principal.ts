import type { Database } from "@/db/client";
import type { AuthenticatedToken } from "@/db/queries/tokens";
import type { User } from "@/db/schema";
import { recordFailureBurst } from "@/lib/audit/failure-burst";
import { AppError } from "@/lib/errors";
import { authenticateToken } from "@/lib/tokens/authenticate";
import { readCredentials, type PresentedCredentials } from "./authorization-header";
import { verifyCredentials } from "./credentials";
import { rateLimitKeyOf, rateLimiters } from "./rate-limit";

/** Who is calling the Web API: a user (by password or one of their tokens) or an instance-owned token. */
export interface Principal {
  user: User | null;
  /** Null when the caller signed in with login and password. */
  token: AuthenticatedToken | null;
}

const unauthorized = (msg: string) => new AppError("unauthorized", msg);
const tooManyFailures = (seconds: number) =>
  new AppError("rate_limited", "Too many failed authentication attempts. Try again later.", undefined, seconds);

/** What the Authorization header carries when it is a token, or a failed attempt at one. */
export type TokenCredentials = Extract<PresentedCredentials, { type: "token" | "invalid" }>;

/**
 * Authenticates the `Authorization` header of a request: null when it carries none, a Principal, or
 * an AppError (401, or 429 once the address has failed too often). The session cookie never counts.
 * A token's last use records the client address and `options.userAgent`.
 */
export async function authenticateRequest(
  db: Database,
  authorization: string | null,
  clientIp: string,
  now: Date,
  options: { userAgent?: string | null } = {},
): Promise<Principal | null> {
  const credentials = readCredentials(authorization);
  if (credentials.type === "none") return null;
  if (credentials.type === "password") {
    const user = await verifyCredentials(db, { ...credentials, clientIp, now });
    if (!user) throw unauthorized("Invalid login or password.");
    return { user, token: null };
  }
  return authenticateTokenCredentials(db, credentials, clientIp, now, options);
}

/**
 * The one rule set for a presented token, shared by the Web API and the forward-auth endpoint: 429
 * while the address is over the failed-token limit, else the token's own checks (authenticateToken);
 * each failure counts against the address, and the one that reaches the limit is audited. The
 * token's last use records the client address and `options.userAgent`.
 */
export async function authenticateTokenCredentials(
  db: Database,
  credentials: TokenCredentials,
  clientIp: string,
  now: Date,
  options: { userAgent?: string | null } = {},
): Promise<Principal & { token: AuthenticatedToken }> {
  const limiter = rateLimiters().token;
  const addressKey = rateLimitKeyOf(clientIp);
  // What this process knows, without a query: a successful token request pays no round-trip.
  const wait = limiter.knownRetryAfterSeconds(addressKey, now);
  if (wait > 0) throw tooManyFailures(wait);
  const fail = async (message: string) => {
    const outcome = await limiter.recordFailure(addressKey, now);
    // The failure that reaches the limit records one burst in the audit trail, not each failure.
    if (outcome.startsBurst) await recordFailureBurst(db, { credentials: "token", limiter, clientIp, at: now });
    // Past the limit (counted by other instances, or concurrent requests here): refused, not judged.
    return outcome.retryAfterSeconds > 0 ? tooManyFailures(outcome.retryAfterSeconds) : unauthorized(message);
  };
  if (credentials.type === "invalid") throw await fail(credentials.message);
  const result = await authenticateToken(db, credentials.token, now, { ip: clientIp, userAgent: options.userAgent });
  if (!result.ok) throw await fail("Invalid, expired or revoked token.");
  return { user: result.user, token: result.token };
}
