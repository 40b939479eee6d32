import type { Database } from "@/db/client";
import type { User } from "@/db/schema";
import { AppError, insufficientPrivileges } from "@/lib/errors";
import { mayScanGlobally, mayScanProject } from "@/lib/permissions";
import { requireProject } from "@/lib/projects/manage";
import type { ApiTokenType } from "./kinds";

/**
 * Checks that `owner` may hold a token of `type` (analysis tokens need Execute Analysis) and
 * returns the project a project analysis token is for. The form and the Web API both ask here,
 * so the permission rule lives in one place.
 */
export async function analysisProjectFor(
  db: Database,
  owner: Pick<User, "id" | "role">,
  type: ApiTokenType,
  projectKey: string | undefined,
) {
  if (type === "GLOBAL_ANALYSIS_TOKEN" && !(await mayScanGlobally(db, owner))) {
    throw insufficientPrivileges("type");
  }
  if (type !== "PROJECT_ANALYSIS_TOKEN") return undefined;
  const key = projectKey;
  if (!key || key.trim() === "")
    throw new AppError("bad_request", "The 'projectKey' parameter is missing.", "projectKey");
  const project = await requireProject(db, key);
  if (!(await mayScanProject(db, owner, project.id))) {
    throw insufficientPrivileges("projectKey");
  }
  return project;
}
