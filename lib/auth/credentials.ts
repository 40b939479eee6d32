import type { Database } from "@/db/client";
import { findUserByLogin, recordSignIn } from "@/db/queries/users";
import type { User } from "@/db/schema";
import { recordFailureBurst } from "@/lib/audit/failure-burst";
import { AppError } from "@/lib/errors";
import { verifyPassword } from "./password";
import { passwordGate } from "./password-gate";
import { passwordKey, rateLimitKeyOf, rateLimiters } from "./rate-limit";

/** Seconds a password request refused by a full gate is told to wait before trying again. */
const BUSY_RETRY_AFTER_SECONDS = 1;

export const serverBusy = () =>
  new AppError(
    "unavailable",
    "The server is busy checking other sign-ins. Try again in a few seconds.",
    undefined,
    BUSY_RETRY_AFTER_SECONDS,
  );

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
 * limit records one `auth.failure_burst`. The lookup and argon2 check wait their turn in the
 * password gate; when too many wait, `unavailable` (503) at once.
 */
export async function verifyCredentials(
  db: Database,
  input: { login: string; password: string; clientIp: string; now: Date },
): Promise<User | null> {
  const limiters = rateLimiters();
  const loginKey = passwordKey(input.login, input.clientIp);
  const addressKey = rateLimitKeyOf(input.clientIp);
  const refuseIfLimited = async () => {
    const [loginWait, addressWait] = await Promise.all([
      limiters.password.retryAfterSeconds(loginKey, input.now),
      limiters.passwordAddress.retryAfterSeconds(addressKey, input.now),
    ]);
    const wait = Math.max(loginWait, addressWait);
    if (wait > 0) throw tooManyAttempts(wait);
  };
  await refuseIfLimited();
  // The lookup waits its turn too, so a request the gate refuses costs no query either.
  const checked = passwordGate().run(async () => {
    // Failures counted while this check waited (here or on another instance) may have reached a limit.
    await refuseIfLimited();
    // No login holds NUL, and Postgres text cannot: such a login is a failed attempt, not a query.
    const found = input.login.includes("\0") ? undefined : await findUserByLogin(db, input.login);
    return { user: found, valid: await verifyPassword(found?.passwordHash, input.password) };
  });
  if (!checked) throw serverBusy();
  const { user, valid } = await checked;
  if (!valid || !user) {
    const [login, address] = await Promise.all([
      limiters.password.recordFailure(loginKey, input.now),
      limiters.passwordAddress.recordFailure(addressKey, input.now),
    ]);
    const burst = { credentials: "password", clientIp: input.clientIp, at: input.now } as const;
    if (login.startsBurst) {
      await recordFailureBurst(db, { ...burst, limiter: limiters.password, existingLogin: user?.login });
    }
    // Many logins from one address: none of them is the one the burst is about.
    if (address.startsBurst) await recordFailureBurst(db, { ...burst, limiter: limiters.passwordAddress });
    return null;
  }
  await recordSignIn(db, user.id, input.now);
  return user;
}
