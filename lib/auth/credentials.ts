import type { Database } from "@/db/client";
import { findUserByLogin, recordSignIn } from "@/db/queries/users";
import type { User } from "@/db/schema";
import { recordFailureBurst } from "@/lib/audit/failure-burst";
import { AppError } from "@/lib/errors";
import { verifyPassword } from "./password";
import { passwordKey, rateLimiters } from "./rate-limit";

export const tooManyAttempts = (seconds: number) =>
  new AppError(
    "rate_limited",
    `Too many failed sign-in attempts. Try again in ${Math.ceil(seconds / 60)} minute${seconds > 60 ? "s" : ""}.`,
    undefined,
    seconds,
  );

/**
 * Checks a login and password (sign-in form and HTTP Basic). Refuses with rate_limited once the
 * login has failed 10 times from this address in 15 minutes, before looking at the password. The
 * failure that reaches the limit records one `auth.failure_burst`.
 */
export async function verifyCredentials(
  db: Database,
  input: { login: string; password: string; clientIp: string; now: Date },
): Promise<User | null> {
  const limiter = rateLimiters().password;
  const key = passwordKey(input.login, input.clientIp);
  const wait = limiter.retryAfterSeconds(key, input.now);
  if (wait > 0) throw tooManyAttempts(wait);
  // No login holds NUL, and Postgres text cannot: such a login is a failed attempt, not a query.
  const user = input.login.includes("\0") ? undefined : await findUserByLogin(db, input.login);
  if (!(await verifyPassword(user?.passwordHash, input.password)) || !user) {
    if (limiter.recordFailure(key, input.now)) {
      await recordFailureBurst(db, {
        credentials: "password",
        limiter,
        clientIp: input.clientIp,
        at: input.now,
        existingLogin: user?.login,
      });
    }
    return null;
  }
  await recordSignIn(db, user.id, input.now);
  return user;
}
