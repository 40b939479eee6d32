import type { Database } from "@/db/client";
import type { RateLimiter } from "@/lib/auth/rate-limit";
import { recordAudit } from "./record";

/**
 * Records `auth.failure_burst`: a client address (and, for passwords, a login) just reached the
 * failed-authentication limit. Called once per burst (RateLimiter.recordFailure says when), not
 * per failure. The login is recorded only when it is an existing user's: whatever else was typed
 * there (a password, a token pasted in the wrong field) never reaches the audit trail.
 */
export async function recordFailureBurst(
  db: Database,
  burst: {
    credentials: "password" | "token";
    limiter: Pick<RateLimiter, "limit" | "windowMs">;
    clientIp: string;
    at: Date;
    existingLogin?: string | null;
  },
): Promise<void> {
  await recordAudit(db, {
    action: "auth.failure_burst",
    at: burst.at,
    actor: null,
    targetLogin: burst.existingLogin ?? null,
    clientIp: burst.clientIp,
    details: {
      credentials: burst.credentials,
      failures: burst.limiter.limit,
      windowSeconds: burst.limiter.windowMs / 1000,
    },
  });
}
