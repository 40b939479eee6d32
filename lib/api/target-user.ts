import type { Database } from "@/db/client";
import type { User } from "@/db/schema";
import { insufficientPrivileges } from "@/lib/errors";
import { getUserByLoginOrThrow } from "@/lib/users/lookup";

/** The user named by the optional `login` parameter: the actor themselves, or anyone for an admin. */
export async function targetUser(db: Database, actor: User, login: string | undefined): Promise<User> {
  if (login === undefined || login === "" || login === actor.login) return actor;
  if (actor.role !== "admin") throw insufficientPrivileges();
  return getUserByLoginOrThrow(db, login);
}
