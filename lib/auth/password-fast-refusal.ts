import type { AppError } from "@/lib/errors";
import { readCredentials } from "./authorization-header";
import { serverBusy, tooManyAttempts } from "./credentials";
import { passwordGate } from "./password-gate";
import { passwordKey, rateLimitKeyOf, rateLimiters } from "./rate-limit";

/** Web API routes authenticate the Authorization header; next-auth's own routes never read it. */
const takesPasswordHeader = (url: string | undefined) =>
  url !== undefined && url.startsWith("/api/") && !url.startsWith("/api/auth/");

/**
 * The answer a Web API request with a login and password gets without a check, decided before
 * Next.js sees it: 429 while the address (or this login from it) is over its limit as this process
 * knows it, else 503 while the password gate is full; null to go on (verifyCredentials still
 * applies every rule, counting other instances). Under a flood of guesses these are nearly every
 * request, and each one through Next's pipeline costs the event loop a millisecond or more, time
 * token requests then wait for; here it costs microseconds and no query.
 */
export function refusePasswordWithoutCheck(
  request: { url: string | undefined; authorization: string | undefined; clientIp: string },
  now: Date,
): AppError | null {
  if (!takesPasswordHeader(request.url) || !request.authorization) return null;
  const credentials = readCredentials(request.authorization);
  if (credentials.type !== "password") return null;
  const limiters = rateLimiters();
  const wait = Math.max(
    limiters.passwordAddress.knownRetryAfterSeconds(rateLimitKeyOf(request.clientIp), now),
    limiters.password.knownRetryAfterSeconds(passwordKey(credentials.login, request.clientIp), now),
  );
  if (wait > 0) return tooManyAttempts(wait);
  return passwordGate().full ? serverBusy() : null;
}
