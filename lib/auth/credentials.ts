import type { Database } from "@/db/client";
import { findUserByLogin, recordSignIn } from "@/db/queries/users";
import type { User } from "@/db/schema";
import { recordFailureBurst } from "@/lib/audit/failure-burst";
import { AppError } from "@/lib/errors";
import { verifyPassword } from "./password";
import { passwordGate } from "./password-gate";
import { passwordKey, rateLimitKeyOf, rateLimiters, type Attempt } from "./rate-limit";

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
 * Takes one attempt from both budgets (the login from this address, and the address), or refuses
 * with rate_limited, giving back what it took.
 */
async function takeAttempts(loginKey: string, addressKey: string, now: Date): Promise<[Attempt, Attempt]> {
  const limiters = rateLimiters();
  const outcomes = await Promise.all([
    limiters.password.take(loginKey, now),
    limiters.passwordAddress.take(addressKey, now),
  ]);
  const [login, address] = outcomes;
  if ("attempt" in login && "attempt" in address) return [login.attempt, address.attempt];
  await Promise.all([
    "attempt" in login ? limiters.password.giveBack(login.attempt) : undefined,
    "attempt" in address ? limiters.passwordAddress.giveBack(address.attempt) : undefined,
  ]);
  throw tooManyAttempts(Math.max(...outcomes.map((o) => ("retryAfterSeconds" in o ? o.retryAfterSeconds : 0))));
}

/**
 * Checks a login and password (sign-in form and HTTP Basic). Refuses with rate_limited, before
 * looking at the password, once the login has failed 10 times from this address in 15 minutes, or
 * the address has failed 30 times in 15 minutes whatever the logins. Each check first takes its
 * attempt from both budgets (given back when the password is right), so checks running at once,
 * here or on other instances, never exceed them. The failure that reaches a limit records one
 * `auth.failure_burst`. The lookup and argon2 check wait their turn in the password gate; when too
 * many wait, `unavailable` (503) at once.
 */
export async function verifyCredentials(
  db: Database,
  input: { login: string; password: string; clientIp: string; now: Date },
): Promise<User | null> {
  const limiters = rateLimiters();
  const loginKey = passwordKey(input.login, input.clientIp);
  const addressKey = rateLimitKeyOf(input.clientIp);
  // A read first: an address over its limit neither queues nor writes.
  const wait = Math.max(
    ...(await Promise.all([
      limiters.password.retryAfterSeconds(loginKey, input.now),
      limiters.passwordAddress.retryAfterSeconds(addressKey, input.now),
    ])),
  );
  if (wait > 0) throw tooManyAttempts(wait);
  // The lookup waits its turn too, so a request the gate refuses costs no query either.
  const checked = passwordGate().run(async () => {
    const attempts = await takeAttempts(loginKey, addressKey, input.now);
    // No login holds NUL, and Postgres text cannot: such a login is a failed attempt, not a query.
    const found = input.login.includes("\0") ? undefined : await findUserByLogin(db, input.login);
    return { user: found, valid: await verifyPassword(found?.passwordHash, input.password), attempts };
  });
  if (!checked) throw serverBusy();
  const { user, valid, attempts } = await checked;
  const [loginAttempt, addressAttempt] = attempts;
  if (valid && user) {
    await Promise.all([limiters.password.giveBack(loginAttempt), limiters.passwordAddress.giveBack(addressAttempt)]);
    await recordSignIn(db, user.id, input.now);
    return user;
  }
  const burst = { credentials: "password", clientIp: input.clientIp, at: input.now } as const;
  if (limiters.password.startsBurst(loginAttempt)) {
    await recordFailureBurst(db, { ...burst, limiter: limiters.password, existingLogin: user?.login });
  }
  // Many logins from one address: none of them is the one the burst is about.
  if (limiters.passwordAddress.startsBurst(addressAttempt)) {
    await recordFailureBurst(db, { ...burst, limiter: limiters.passwordAddress });
  }
  return null;
}
