import type { Database } from "@/db/client";
import { insertAnalysis } from "@/db/queries/analyses";
import { organizationTokenCovers } from "@/db/queries/organization-tokens";
import type { Project } from "@/db/schema";
import type { Principal } from "@/lib/api/handler";
import { AppError, insufficientPrivileges, unlessDeletedMeanwhile } from "@/lib/errors";
import { mayScanProject } from "@/lib/permissions";
import { requireProject } from "@/lib/projects/manage";

/**
 * Whether the caller may run an analysis on `project`, with the rights of SPEC section 1, read now:
 * a user (by password, user token or agent token) or a global analysis token needs Execute Analysis
 * on it; a project analysis token also needs to be for that very project. An organization token
 * needs the project in its scope (all projects, or the chosen ones still existing).
 */
async function mayScan(db: Database, principal: Principal, project: Project): Promise<boolean> {
  const { user, token } = principal;
  if (token?.kind === "organization") return organizationTokenCovers(db, token, project.id);
  if (!user) return false;
  switch (token?.kind) {
    case undefined:
    case "user":
    case "agent":
    case "global_analysis":
      return mayScanProject(db, user, project.id);
    case "project_analysis":
      return token.projectId === project.id && mayScanProject(db, user, project.id);
    default:
      return false;
  }
}

export async function submitAnalysis(db: Database, principal: Principal, projectKey: string, now: Date) {
  // Credentials that can never scan learn nothing about which projects exist.
  if (!principal.user && principal.token?.kind !== "organization") throw insufficientPrivileges();
  const project = await requireProject(db, projectKey);
  if (!(await mayScan(db, principal, project))) throw insufficientPrivileges();
  const analysis = await unlessDeletedMeanwhile(
    insertAnalysis(db, {
      projectId: project.id,
      submittedById: principal.user?.id ?? null,
      submittedByLogin: principal.user?.login ?? null,
      tokenKind: principal.token?.kind ?? null,
      tokenName: principal.token?.name ?? null,
      createdAt: now,
    }),
    () => new AppError("not_found", "The project or the submitting user no longer exists."),
  );
  return { taskId: analysis.id, projectKey: project.key };
}
