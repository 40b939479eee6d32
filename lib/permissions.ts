import type { Database } from "@/db/client";
import { listProjects } from "@/db/queries/projects";
import type { User } from "@/db/schema";

// Execute Analysis ("scan"). Administrators have every permission; per-user grants arrive with the
// administration issue and will be read here, so every caller already asks the right question.

export async function mayScanGlobally(_db: Database, user: Pick<User, "id" | "role">): Promise<boolean> {
  return user.role === "admin";
}

export async function mayScanProject(
  _db: Database,
  user: Pick<User, "id" | "role">,
  _projectId: string,
): Promise<boolean> {
  return user.role === "admin";
}

/** The projects the user may run analyses on (all of them for admins). */
export async function projectsUserMayScan(db: Database, user: Pick<User, "id" | "role">) {
  return user.role === "admin" ? listProjects(db) : [];
}
