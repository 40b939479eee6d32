import type { IncomingMessage, ServerResponse } from "node:http";
import { targetsPath } from "@/lib/request-target";
import { passwordRefusalWithoutCheck } from "./password-fast-refusal";

/** Where the sign-in form posts its login and password (next-auth's credentials callback). */
export const SIGN_IN_CALLBACK_PATH = "/api/auth/callback/credentials";

const isSignInPost = (req: IncomingMessage) => req.method === "POST" && targetsPath(req.url, SIGN_IN_CALLBACK_PATH);

/** next-auth's base URL, as it derives it from NEXTAUTH_URL (the server script always sets it). */
function nextAuthBase(): string {
  const configured = process.env.NEXTAUTH_URL ?? "http://localhost:3000";
  try {
    const url = new URL(configured.startsWith("http") ? configured : `https://${configured}`);
    return `${url.origin}${(url.pathname === "/" ? "/api/auth" : url.pathname).replace(/\/$/, "")}`;
  } catch {
    return "/api/auth";
  }
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  // Bodies over 64 KiB were refused before this (lib/body-limit.ts).
  for await (const part of req) parts.push(part as Buffer);
  return Buffer.concat(parts).toString("utf8");
}

/**
 * The custom server's answer to a sign-in post that would be refused before any check (the address
 * over its limit, or the password gate full), given as next-auth gives a sign-in error: the sign-in
 * form's request (`json=true`) gets 401 `{"url": ".../api/auth/error?error=<message>"}`, a plain
 * form post a redirect there. A flood of sign-in guesses is then answered in microseconds each,
 * not through Next.js's pipeline, where it held up token requests for seconds. True when taken.
 */
export function serveSignInRefusal(req: IncomingMessage, res: ServerResponse, clientIp: string, now: Date): boolean {
  if (!isSignInPost(req)) return false;
  const refusal = passwordRefusalWithoutCheck(clientIp, now);
  if (!refusal) return false;
  const url = `${nextAuthBase()}/error?error=${encodeURIComponent(refusal.message)}`;
  const retryAfter = { "Retry-After": String(refusal.retryAfterSeconds ?? 1) };
  bodyOf(req)
    .then((body) => {
      if (new URLSearchParams(body).get("json") === "true") {
        res.writeHead(401, { ...retryAfter, "Content-Type": "application/json", "Cache-Control": "no-store" });
        res.end(JSON.stringify({ url }));
      } else {
        res.writeHead(302, { ...retryAfter, Location: url, "Cache-Control": "no-store" });
        res.end();
      }
    })
    .catch(() => res.destroy());
  return true;
}
