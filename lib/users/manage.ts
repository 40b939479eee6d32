import type { Database } from "@/db/client";
import { deleteUserKeepingAnAdmin, insertUser } from "@/db/queries/users";
import type { User } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { AppError, isUniqueViolation } from "@/lib/errors";
import type { NewUserInput } from "./schemas";

export async function createUser(db: Database, input: NewUserInput): Promise<User> {
  const passwordHash = await hashPassword(input.password);
  try {
    return await insertUser(db, {
      login: input.login,
      name: input.name,
      email: input.email,
      passwordHash,
      role: input.role,
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError("conflict", `A user with login '${input.login}' already exists.`, "login");
    }
    throw error;
  }
}

/** Deletes `target` and, with it, their tokens. Nobody deletes themselves or the last admin. */
export async function deleteUser(db: Database, actor: Pick<User, "id">, target: Pick<User, "id" | "login">) {
  if (target.id === actor.id) throw new AppError("bad_request", "You cannot delete your own account.");
  const outcome = await deleteUserKeepingAnAdmin(db, target.id);
  if (outcome === "not_found") throw new AppError("not_found", `User '${target.login}' not found.`);
  if (outcome === "last_admin") {
    throw new AppError("bad_request", "The last administrator cannot be deleted.");
  }
}
