import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { recordTokenDeletions } from "@/db/queries/audit";
import { deleteUserKeepingAnAdmin, insertUser } from "@/db/queries/users";
import { tokens, type User } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { fromContext, recordAudit, type UserAuditContext } from "@/lib/audit/record";
import { AppError, refusalsOf } from "@/lib/errors";
import type { NewUserInput } from "./schemas";

/** Creates a user and records `user.create` in the same transaction. */
export async function createUser(db: Database, input: NewUserInput, audit: UserAuditContext): Promise<User> {
  const passwordHash = await hashPassword(input.password);
  return refusalsOf(
    db.transaction(async (tx) => {
      const user = await insertUser(tx, {
        login: input.login,
        name: input.name,
        email: input.email,
        passwordHash,
        role: input.role,
      });
      await recordAudit(tx, {
        action: "user.create",
        ...fromContext(audit),
        targetLogin: user.login,
        details: { name: user.name, role: user.role },
      });
      return user;
    }),
    { duplicate: () => new AppError("conflict", `A user with login '${input.login}' already exists.`, "login") },
  );
}

/**
 * Deletes `target` and, with it, their tokens and sessions. Nobody deletes themselves or the last admin. In the
 * deleting transaction it records one `token.delete` per token that dies with the user (details
 * `reason: "user deleted"`), then `user.delete` with their number.
 */
export async function deleteUser(db: Database, target: Pick<User, "id" | "login">, audit: UserAuditContext) {
  if (target.id === audit.actor.id) throw new AppError("bad_request", "You cannot delete your own account.");
  const outcome = await deleteUserKeepingAnAdmin(db, target.id, async (tx) => {
    const tokensDeleted = await recordTokenDeletions(tx, eq(tokens.userId, target.id), {
      action: "token.delete",
      ...fromContext(audit),
      details: { reason: "user deleted" },
    });
    await recordAudit(tx, {
      action: "user.delete",
      ...fromContext(audit),
      targetLogin: target.login,
      details: { tokensDeleted },
    });
  });
  if (outcome === "not_found") throw new AppError("not_found", `User '${target.login}' not found.`);
  if (outcome === "last_admin") {
    throw new AppError("bad_request", "The last administrator cannot be deleted.");
  }
}
