import type { Database } from "@/db/client";
import { deleteScanGrant, hasGlobalScanGrant, hasProjectScanGrant, insertScanGrant } from "@/db/queries/permissions";
import { listProjectsScannableBy } from "@/db/queries/projects";
import type { User } from "@/db/schema";
import { fromContext, recordAudit, type UserAuditContext } from "@/lib/audit/record";
import { AppError, unlessDeletedMeanwhile } from "@/lib/errors";

// Execute Analysis ("scan"). Every question about it is answered here, from the database at the time
// of the request, so a removed grant takes effect on the very next request. Admins have every
// permission.

type Subject = Pick<User, "id" | "role">;

export async function mayScanGlobally(db: Database, user: Subject): Promise<boolean> {
  return user.role === "admin" || hasGlobalScanGrant(db, user.id);
}

export async function mayScanProject(db: Database, user: Subject, projectId: string): Promise<boolean> {
  return user.role === "admin" || hasProjectScanGrant(db, user.id, projectId);
}

/** The projects the user may run analyses on (all of them for admins and global grants). */
export async function projectsUserMayScan(db: Database, user: Subject) {
  return listProjectsScannableBy(db, user.id, await mayScanGlobally(db, user));
}

/**
 * Grants or removes Execute Analysis on one project, or globally when `project` is null, and records
 * `permission.grant` or `permission.remove` in the same transaction. Idempotent: a call that changes
 * nothing (already granted, nothing to remove) records nothing.
 */
export async function setScanGrant(
  db: Database,
  grant: { user: Pick<User, "id" | "login">; project: { id: string; key: string } | null; granted: boolean },
  audit: UserAuditContext,
): Promise<void> {
  const row = { userId: grant.user.id, projectId: grant.project?.id ?? null };
  await unlessDeletedMeanwhile(
    db.transaction(async (tx) => {
      const changed = grant.granted ? await insertScanGrant(tx, row) : await deleteScanGrant(tx, row);
      if (!changed) return;
      await recordAudit(tx, {
        action: grant.granted ? "permission.grant" : "permission.remove",
        ...fromContext(audit),
        targetLogin: grant.user.login,
        details: grant.project ? { projectKey: grant.project.key } : { scope: "all projects" },
      });
    }),
    () => new AppError("not_found", "The user or project no longer exists."),
  );
}
