import type { AppError } from "@/lib/errors";
import { readCredentials } from "./authorization-header";
import { serverBusy, tooManyAttempts } from "./credentials";
import { passwordGate } from "./password-gate";
import { passwordKey, rateLimitKeyOf, rateLimiters } from "./rate-limit";

/**
 * The refusal a password check from this address would get before any check, as this process
 * knows it: 429 while the address (or, given, the login from it) is over its limit, else 503 while
 * the password gate is full; null when it may be checked (verifyCredentials still applies every
 * rule, counting other instances). No query: it is asked before Next.js sees the request.
 */
export function passwordRefusalWithoutCheck(clientIp: string, now: Date, login?: string): AppError | null {
  const limiters = rateLimiters();
  const wait = Math.max(
    limiters.passwordAddress.knownRetryAfterSeconds(rateLimitKeyOf(clientIp), now),
    login === undefined ? 0 : limiters.password.knownRetryAfterSeconds(passwordKey(login, clientIp), now),
  );
  if (wait > 0) return tooManyAttempts(wait);
  return passwordGate().full ? serverBusy() : null;
}

/** Web API routes authenticate the Authorization header; next-auth's own routes never read it. */
const takesPasswordHeader = (url: string | undefined) =>
  url !== undefined && url.startsWith("/api/") && !url.startsWith("/api/auth/");

/**
 * The answer a Web API request with a login and password gets without a check, decided before
 * Next.js sees it (passwordRefusalWithoutCheck), or null to go on. Under a flood of guesses these
 * are nearly every request, and each one through Next's pipeline costs the event loop a
 * millisecond or more, time token requests then wait for; here it costs microseconds.
 */
export function refusePasswordWithoutCheck(
  request: { url: string | undefined; authorization: string | undefined; clientIp: string },
  now: Date,
): AppError | null {
  if (!takesPasswordHeader(request.url) || !request.authorization) return null;
  const credentials = readCredentials(request.authorization);
  if (credentials.type !== "password") return null;
  return passwordRefusalWithoutCheck(request.clientIp, now, credentials.login);
}
