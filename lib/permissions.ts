import type { Database } from "@/db/client";
import { deleteScanGrant, hasGlobalScanGrant, hasProjectScanGrant, insertScanGrant } from "@/db/queries/permissions";
import { listProjectsScannableBy } from "@/db/queries/projects";
import type { User } from "@/db/schema";
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

/** Grants or removes Execute Analysis on one project, or globally when `project` is null. */
export async function setScanGrant(
  db: Database,
  grant: { user: Pick<User, "id">; project: { id: string } | null; granted: boolean },
): Promise<void> {
  const row = { userId: grant.user.id, projectId: grant.project?.id ?? null };
  if (grant.granted) {
    await unlessDeletedMeanwhile(
      insertScanGrant(db, row),
      () => new AppError("not_found", "The user or project no longer exists."),
    );
  }
  else await deleteScanGrant(db, row);
}
