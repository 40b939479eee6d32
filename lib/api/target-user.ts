import type { Database } from "@/db/client";
import { findUserByLogin } from "@/db/queries/users";
import type { User } from "@/db/schema";
import { AppError, insufficientPrivileges } from "@/lib/errors";

export async function requireUserByLogin(db: Database, login: string): Promise<User> {
  const user = await findUserByLogin(db, login);
  if (!user) throw new AppError("not_found", `User '${login.slice(0, 255)}' not found.`, "login");
  return user;
}

/** The user named by the optional `login` parameter: the actor themselves, or anyone for an admin. */
export async function targetUser(db: Database, actor: User, login: string | undefined): Promise<User> {
  if (login === undefined || login === "" || login === actor.login) return actor;
  if (actor.role !== "admin") throw insufficientPrivileges();
  return requireUserByLogin(db, login);
}
