import "server-only";
import type { z } from "zod";
import type { User } from "@/db/schema";
import { actionAuditContext } from "@/lib/audit/action-context";
import type { UserAuditContext } from "@/lib/audit/record";
import { AppError, insufficientPrivileges } from "@/lib/errors";
import { currentSession } from "./session";

import { failure, type ActionResult } from "./action-result";

export { failure, type ActionResult };

function inputOf(input: FormData | Record<string, unknown>): Record<string, unknown> {
  if (!(input instanceof FormData)) return input;
  const out: Record<string, unknown> = {};
  for (const [k, v] of input) if (typeof v === "string") out[k] = v;
  return out;
}

/** Who runs an action (loaded from the database for this call) and the audit context of its change. */
export interface ActionContext {
  actor: User;
  /** The session the action runs in. */
  session: { id: string };
  audit: UserAuditContext;
}

export type ActionBody<S extends z.ZodType, T extends object> = (
  input: z.output<S>,
  context: ActionContext,
) => Promise<ActionResult<T>>;

/**
 * The one way a server action runs: load the signed-in user from the database, validate the input
 * with zod, and only then call the body, which must still scope every query by that user.
 * AppErrors become field or form errors; nothing else leaks to the client.
 */
export function userAction<S extends z.ZodType, T extends object>(
  schema: S,
  body: ActionBody<S, T>,
  options: { adminOnly?: boolean } = {},
) {
  return async (_previous: unknown, input: FormData | Record<string, unknown>): Promise<ActionResult<T>> => {
    const live = await currentSession();
    if (!live) return failure("Your session has ended. Log in again.");
    const user = live.user;
    // Checked here, on every call, from the role in the database: a hidden button is not a check.
    if (options.adminOnly && user.role !== "admin") return failure(insufficientPrivileges().message);
    const parsed = schema.safeParse(inputOf(input));
    if (!parsed.success) {
      const fieldErrors: Record<string, string> = {};
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? "form");
        fieldErrors[field] ??= issue.message;
      }
      return failure("Check the highlighted fields.", fieldErrors);
    }
    try {
      return await body(parsed.data, {
        actor: user,
        session: { id: live.session.id },
        audit: await actionAuditContext(user),
      });
    } catch (error) {
      if (error instanceof AppError) {
        return failure(error.message, error.field ? { [error.field]: error.message } : {});
      }
      throw error;
    }
  };
}

/** A server action for administrators only; the role is read from the database on every call. */
export function adminAction<S extends z.ZodType, T extends object>(schema: S, body: ActionBody<S, T>) {
  return userAction(schema, body, { adminOnly: true });
}
