import { getDb, type Database } from "@/db/client";
import type { Token, User } from "@/db/schema";
import { recordFailureBurst } from "@/lib/audit/failure-burst";
import { verifyCredentials } from "@/lib/auth/credentials";
import { rateLimiters } from "@/lib/auth/rate-limit";
import { clock } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { authenticateToken } from "@/lib/tokens/authenticate";
import { readCredentials } from "./credentials";
import { ApiParams } from "./params";
import { appErrorResponse, errorResponse } from "./responses";

/** Who is calling: a user (by password or one of their tokens) or an instance-owned token. */
export interface Principal {
  user: User | null;
  /** Null when the caller signed in with login and password. */
  token: Token | null;
}

export interface ApiContext {
  req: Request;
  params: ApiParams;
  principal: Principal | null;
  clientIp: string;
  now: Date;
  db: Database;
}

/** Set by scripts/server.ts from the socket (or a trusted proxy); a client cannot supply it. */
export const CLIENT_IP_HEADER = "x-tokensmith-client-ip";

export function clientIpOf(req: Request): string {
  return req.headers.get(CLIENT_IP_HEADER) ?? "unknown";
}

const unauthorized = (msg: string) => new AppError("unauthorized", msg);

async function authenticateRequest(db: Database, req: Request, clientIp: string, now: Date): Promise<Principal | null> {
  const credentials = readCredentials(req.headers.get("authorization"));
  if (credentials.type === "none") return null;
  if (credentials.type === "password") {
    const user = await verifyCredentials(db, { ...credentials, clientIp, now });
    if (!user) throw unauthorized("Invalid login or password.");
    return { user, token: null };
  }
  const limiter = rateLimiters().token;
  const wait = limiter.retryAfterSeconds(clientIp, now);
  if (wait > 0) {
    throw new AppError("rate_limited", "Too many failed authentication attempts. Try again later.", undefined, wait);
  }
  const fail = async (message: string) => {
    // The failure that reaches the limit records one burst in the audit trail, not each failure.
    if (limiter.recordFailure(clientIp, now)) {
      await recordFailureBurst(db, { credentials: "token", limiter, clientIp, at: now });
    }
    return unauthorized(message);
  };
  if (credentials.type === "invalid") throw await fail(credentials.message);
  const result = await authenticateToken(db, credentials.token, now);
  if (!result.ok) throw await fail("Invalid, expired or revoked token.");
  return { user: result.user, token: result.token };
}

export interface RouteOptions {
  /** `optional` lets unauthenticated callers through with a null principal (validate). */
  auth: "required" | "optional";
}

/**
 * Wraps a Web API route: authenticates, parses parameters, and turns every AppError (and anything
 * unexpected) into the one error shape. Handlers then read as the happy path.
 */
export function apiRoute(options: RouteOptions, handler: (ctx: ApiContext) => Promise<Response>) {
  return async (req: Request): Promise<Response> => {
    try {
      const db = getDb();
      const now = clock.now();
      const clientIp = clientIpOf(req);
      let principal: Principal | null;
      try {
        principal = await authenticateRequest(db, req, clientIp, now);
      } catch (error) {
        if (options.auth === "optional" && error instanceof AppError && error.code === "unauthorized") {
          principal = null;
        } else throw error;
      }
      if (options.auth === "required" && !principal) throw unauthorized("Authentication is required.");
      const params = await ApiParams.from(req);
      return await handler({ req, params, principal, clientIp, now, db });
    } catch (error) {
      if (error instanceof AppError) return appErrorResponse(error);
      // Never echo internals (or anything from the request) to the caller.
      console.error("Unexpected error in", new URL(req.url).pathname, error instanceof Error ? error.message : error);
      return errorResponse(500, "An unexpected error occurred.");
    }
  };
}
