import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { recordTokenDeletions } from "@/db/queries/audit";
import { deleteProjectByKey, findProjectByKey, insertProject } from "@/db/queries/projects";
import { tokens, type Project } from "@/db/schema";
import { fromContext, recordAudit, type UserAuditContext } from "@/lib/audit/record";
import { AppError, refusalsOf } from "@/lib/errors";

/** Creates a project and records `project.create` in the same transaction. */
export async function createProject(
  db: Database,
  input: { key: string; name: string },
  audit: UserAuditContext,
): Promise<Project> {
  return refusalsOf(
    db.transaction(async (tx) => {
      const project = await insertProject(tx, input);
      await recordAudit(tx, {
        action: "project.create",
        ...fromContext(audit),
        details: { projectKey: project.key, name: project.name },
      });
      return project;
    }),
    { duplicate: () => new AppError("conflict", `A project with key '${input.key}' already exists.`, "key") },
  );
}

/**
 * Deletes a project with its project analysis tokens, grants and analyses. In the deleting
 * transaction it records one `token.delete` per project analysis token that dies with it (details
 * `reason: "project deleted"`), then `project.delete` with their number.
 */
export async function deleteProject(db: Database, key: string, audit: UserAuditContext): Promise<Project> {
  const deleted = await deleteProjectByKey(db, key, async (tx, project) => {
    const tokensDeleted = await recordTokenDeletions(tx, eq(tokens.projectId, project.id), {
      action: "token.delete",
      ...fromContext(audit),
      details: { reason: "project deleted" },
    });
    await recordAudit(tx, {
      action: "project.delete",
      ...fromContext(audit),
      details: { projectKey: project.key, name: project.name, tokensDeleted },
    });
  });
  if (!deleted) throw projectNotFound(key);
  return deleted;
}

export const projectNotFound = (key: string) =>
  new AppError("not_found", `Project '${key.slice(0, 400)}' not found.`, "projectKey");

export async function requireProject(db: Database, key: string): Promise<Project> {
  const project = await findProjectByKey(db, key);
  if (!project) throw projectNotFound(key);
  return project;
}
