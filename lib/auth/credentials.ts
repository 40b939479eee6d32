import type { Database } from "@/db/client";
import { findUserByLogin, recordSignIn } from "@/db/queries/users";
import type { User } from "@/db/schema";
import { recordFailureBurst } from "@/lib/audit/failure-burst";
import { AppError } from "@/lib/errors";
import { verifyPassword } from "./password";
import { passwordGate } from "./password-gate";
import { passwordKey, rateLimitKeyOf, rateLimiters } from "./rate-limit";

export const tooManyAttempts = (seconds: number) =>
  new AppError(
    "rate_limited",
    `Too many failed sign-in attempts. Try again in ${Math.ceil(seconds / 60)} minute${seconds > 60 ? "s" : ""}.`,
    undefined,
    seconds,
  );

/**
 * Checks a login and password (sign-in form and HTTP Basic). Refuses with rate_limited, before
 * looking at the password, once the login has failed 10 times from this address in 15 minutes, or
 * the address has failed 30 times in 15 minutes whatever the logins. The failure that reaches a
 * limit records one `auth.failure_burst`. The argon2 check waits its turn in the password gate,
 * which answers `unavailable` at once when too many are queued.
 */
export async function verifyCredentials(
  db: Database,
  input: { login: string; password: string; clientIp: string; now: Date },
): Promise<User | null> {
  const limiters = rateLimiters();
  const loginKey = passwordKey(input.login, input.clientIp);
  const addressKey = rateLimitKeyOf(input.clientIp);
  const refuseIfLimited = () => {
    const wait = Math.max(
      limiters.password.retryAfterSeconds(loginKey, input.now),
      limiters.passwordAddress.retryAfterSeconds(addressKey, input.now),
    );
    if (wait > 0) throw tooManyAttempts(wait);
  };
  refuseIfLimited();
  // The lookup waits its turn too, so a request the gate refuses costs no query either.
  const { user, valid } = await passwordGate().run(async () => {
    // Failures counted while this check waited may have reached a limit meanwhile.
    refuseIfLimited();
    // No login holds NUL, and Postgres text cannot: such a login is a failed attempt, not a query.
    const found = input.login.includes("\0") ? undefined : await findUserByLogin(db, input.login);
    return { user: found, valid: await verifyPassword(found?.passwordHash, input.password) };
  });
  if (!valid || !user) {
    const loginBurst = limiters.password.recordFailure(loginKey, input.now);
    const addressBurst = limiters.passwordAddress.recordFailure(addressKey, input.now);
    const burst = { credentials: "password", clientIp: input.clientIp, at: input.now } as const;
    if (loginBurst) await recordFailureBurst(db, { ...burst, limiter: limiters.password, existingLogin: user?.login });
    // Many logins from one address: none of them is the one the burst is about.
    if (addressBurst) await recordFailureBurst(db, { ...burst, limiter: limiters.passwordAddress });
    return null;
  }
  await recordSignIn(db, user.id, input.now);
  return user;
}
