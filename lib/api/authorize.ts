import type { User } from "@/db/schema";
import { AppError, insufficientPrivileges } from "@/lib/errors";
import type { Principal } from "./handler";

/**
 * The user a request acts as, for endpoints that act with a user's rights. Analysis and
 * instance-owned tokens may not; agent tokens may, except to manage tokens (so they cannot
 * outlive their hour).
 */
export function actingUser(principal: Principal | null, options: { managesTokens?: boolean } = {}): User {
  if (!principal) throw new AppError("unauthorized", "Authentication is required.");
  const kind = principal.token?.kind;
  const allowed = kind === undefined || kind === "user" || (kind === "agent" && !options.managesTokens);
  if (!allowed || !principal.user) throw insufficientPrivileges();
  return principal.user;
}

/** The acting user of an administration endpoint: as actingUser, and an admin now. */
export function actingAdmin(principal: Principal | null): User {
  const user = actingUser(principal);
  if (user.role !== "admin") throw insufficientPrivileges();
  return user;
}
