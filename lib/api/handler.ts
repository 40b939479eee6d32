import { getDb, type Database } from "@/db/client";
import { authenticateRequest, type Principal } from "@/lib/auth/principal";
import { clientIpOf } from "@/lib/client-ip";
import { clock } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { authorizeCaller, type Caller, type CallerContext, type CallerRules } from "./authorize";
import { ApiParams } from "./params";
import { appErrorResponse, errorResponse } from "./responses";

export interface RequestContext {
  req: Request;
  params: ApiParams;
  clientIp: string;
  now: Date;
  db: Database;
}

export type ApiContext<C extends Caller> = RequestContext & CallerContext[C];

/**
 * Wraps a Web API route: authenticates, checks the caller against the route's rules (declared here,
 * beside the route), parses parameters, and turns every AppError (and anything unexpected) into the
 * one error shape. Bodies then read as the happy path, with the actor they were promised.
 */
export function apiRoute<C extends Caller>(
  rules: CallerRules<C>,
  handler: (ctx: ApiContext<C>) => Promise<Response>,
  /** `readsBody`: the handler reads the body itself (a JSON document, not parameters); params hold the query only. */
  options: { readsBody?: boolean } = {},
) {
  return async (req: Request): Promise<Response> => {
    try {
      const db = getDb();
      const now = clock.now();
      const clientIp = clientIpOf(req.headers);
      let principal: Principal | null;
      try {
        principal = await authenticateRequest(db, req.headers.get("authorization"), clientIp, now, {
          userAgent: req.headers.get("user-agent"),
        });
      } catch (error) {
        // Routes open to anyone treat bad credentials as none (validate answers 200 {"valid": false}).
        if (rules.as === "anyone" && error instanceof AppError && error.code === "unauthorized") principal = null;
        else throw error;
      }
      const caller = authorizeCaller(principal, rules);
      const params = options.readsBody ? ApiParams.fromQuery(req) : await ApiParams.from(req);
      return await handler({ req, params, clientIp, now, db, ...caller });
    } catch (error) {
      if (error instanceof AppError) return appErrorResponse(error);
      // Never echo internals (or anything from the request) to the caller.
      console.error("Unexpected error in", new URL(req.url).pathname, error instanceof Error ? error.message : error);
      return errorResponse(500, "An unexpected error occurred.");
    }
  };
}
