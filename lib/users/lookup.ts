import type { Database } from "@/db/client";
import { findUserById, findUserByLogin } from "@/db/queries/users";
import type { User } from "@/db/schema";
import { AppError } from "@/lib/errors";

/** The user with this login; a 404 naming the `login` parameter otherwise. */
export async function getUserByLoginOrThrow(db: Database, login: string): Promise<User> {
  const user = await findUserByLogin(db, login);
  if (!user) throw new AppError("not_found", `User '${login.slice(0, 255)}' not found.`, "login");
  return user;
}

/** The user with this id (a row a page showed); a 404 when they were deleted meanwhile. */
export async function getUserByIdOrThrow(db: Database, id: string): Promise<User> {
  const user = await findUserById(db, id);
  if (!user) throw new AppError("not_found", "This user no longer exists.");
  return user;
}
