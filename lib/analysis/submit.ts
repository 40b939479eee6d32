import type { Database } from "@/db/client";
import { insertAnalysis } from "@/db/queries/analyses";
import { organizationTokenCovers } from "@/db/queries/organization-tokens";
import type { Project } from "@/db/schema";
import type { Principal } from "@/lib/auth/principal";
import { AppError, insufficientPrivileges, unlessDeletedMeanwhile } from "@/lib/errors";
import { mayScanProject } from "@/lib/permissions";
import { requireProject } from "@/lib/projects/manage";
import { TOKEN_KINDS, type AnalysisRule } from "@/lib/tokens/kinds";

/** A login and password scans with its user's rights, as a user token does. */
const analysisRuleOf = (principal: Principal): AnalysisRule =>
  principal.token ? TOKEN_KINDS[principal.token.kind].analysis : "as_user";

/**
 * Whether the caller may run an analysis on `project`, read now: the rule of its token kind decides
 * whether that takes its user's Execute Analysis on the project, also being for that very project, or
 * the project being in an organization token's scope (all projects, or the chosen ones still existing).
 */
async function mayScan(db: Database, principal: Principal, project: Project): Promise<boolean> {
  const { user, token } = principal;
  switch (analysisRuleOf(principal)) {
    case "organization_scope":
      return token !== null && organizationTokenCovers(db, token, project.id);
    case "own_project":
      return user !== null && token?.projectId === project.id && mayScanProject(db, user, project.id);
    case "as_user":
      return user !== null && mayScanProject(db, user, project.id);
    case "never":
      return false;
  }
}

export async function submitAnalysis(db: Database, principal: Principal, projectKey: string, now: Date) {
  // Credentials that can never scan learn nothing about which projects exist.
  const rule = analysisRuleOf(principal);
  if (rule === "never" || (rule !== "organization_scope" && !principal.user)) throw insufficientPrivileges();
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
