import type { Database } from "@/db/client";
import type { Project, User } from "@/db/schema";
import { AppError, insufficientPrivileges } from "@/lib/errors";
import { mayScanGlobally, mayScanProject, projectsUserMayScan } from "@/lib/permissions";
import { requireProject } from "@/lib/projects/manage";
import { API_TOKEN_TYPES, TOKEN_KINDS, type ApiTokenType, type TokenTypeOption } from "./kinds";

/**
 * Checks that `owner` may hold a token of `type` (analysis tokens need Execute Analysis) and
 * returns the project a project analysis token is for. Issuing and the offered types both follow
 * this rule, so the form and the Web API cannot disagree.
 */
export async function analysisProjectFor(
  db: Database,
  owner: Pick<User, "id" | "role">,
  type: ApiTokenType,
  projectKey: string | undefined,
): Promise<Project | undefined> {
  if (type === "GLOBAL_ANALYSIS_TOKEN" && !(await mayScanGlobally(db, owner))) {
    throw insufficientPrivileges("type");
  }
  if (type !== "PROJECT_ANALYSIS_TOKEN") return undefined;
  if (!projectKey || projectKey.trim() === "") {
    throw new AppError("bad_request", "The 'projectKey' parameter is missing.", "projectKey");
  }
  const project = await requireProject(db, projectKey);
  if (!(await mayScanProject(db, owner, project.id))) {
    throw insufficientPrivileges("projectKey");
  }
  return project;
}

/**
 * The token types the Generate Tokens form offers `user`, and the projects a project analysis token
 * may be for: a User Token always, a Global Analysis Token with global Execute Analysis, a Project
 * Analysis Token when there is at least one project they may scan.
 */
export async function tokenTypesOffered(db: Database, user: Pick<User, "id" | "role">) {
  const [globalScan, projects] = await Promise.all([mayScanGlobally(db, user), projectsUserMayScan(db, user)]);
  const offered: Record<ApiTokenType, boolean> = {
    USER_TOKEN: true,
    GLOBAL_ANALYSIS_TOKEN: globalScan,
    PROJECT_ANALYSIS_TOKEN: projects.length > 0,
  };
  const types: TokenTypeOption[] = (Object.keys(offered) as ApiTokenType[])
    .filter((type) => offered[type])
    .map((type) => ({ value: type, label: TOKEN_KINDS[API_TOKEN_TYPES[type]].label }));
  return { types, projects: projects.map((p) => ({ key: p.key, name: p.name })) };
}
