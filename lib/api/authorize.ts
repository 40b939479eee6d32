import type { AuthenticatedToken } from "@/db/queries/tokens";
import type { TokenKind, User } from "@/db/schema";
import type { Principal } from "@/lib/auth/principal";
import { AppError, insufficientPrivileges } from "@/lib/errors";
import { ALL_TOKEN_KINDS, kindsWhere } from "@/lib/tokens/kinds";

/**
 * Who may call a Web API route:
 * - `anyone`: no credentials needed (a bad one still counts as none);
 * - `caller`: any authenticated caller, a password or an allowed token kind;
 * - `token`: only a token of an allowed kind, never a password;
 * - `user`: a user's rights, by password or a token that acts as its user;
 * - `admin`: as `user`, and the user is an admin now.
 */
export type Caller = "anyone" | "caller" | "token" | "user" | "admin";

export interface CallerRules<C extends Caller = Caller> {
  as: C;
  /**
   * The token kinds that may call. Defaults: `user` the kinds that act as their user, `admin` the
   * kinds that administer, `caller` every kind; `token` must name them.
   */
  kinds?: readonly TokenKind[];
}

/** What the route body gets to know about its caller, by `as`. */
export interface CallerContext {
  anyone: { principal: Principal | null };
  caller: { principal: Principal };
  token: { principal: Principal; token: AuthenticatedToken; user: User | null };
  user: { principal: Principal; actor: User };
  admin: { principal: Principal; actor: User };
}

const DEFAULT_KINDS: Record<Exclude<Caller, "anyone" | "token">, () => readonly TokenKind[]> = {
  caller: () => ALL_TOKEN_KINDS,
  user: () => kindsWhere("actsAsUser"),
  admin: () => kindsWhere("administers"),
};

/** Checks the caller against the route's rules: 401 without credentials, 403 without the right. */
export function authorizeCaller<C extends Caller>(
  principal: Principal | null,
  rules: CallerRules<C>,
): CallerContext[C] {
  const as: Caller = rules.as;
  if (as === "anyone") return { principal } as CallerContext[C];
  if (!principal) throw new AppError("unauthorized", "Authentication is required.");
  const kinds = rules.kinds ?? (as === "token" ? [] : DEFAULT_KINDS[as]());
  const { token, user } = principal;
  if (token ? !kinds.includes(token.kind) : as === "token") throw insufficientPrivileges();
  switch (as) {
    case "caller":
      return { principal } as CallerContext[C];
    case "token":
      return { principal, token, user } as CallerContext[C];
    default: {
      if (!user || (as === "admin" && user.role !== "admin")) throw insufficientPrivileges();
      return { principal, actor: user } as CallerContext[C];
    }
  }
}
