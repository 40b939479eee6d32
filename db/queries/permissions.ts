import { and, asc, eq, isNull, or } from "drizzle-orm";
import type { Database } from "../client";
import { projects, scanPermissions, users } from "../schema";

/** A grant of Execute Analysis: on one project, or globally when `projectId` is null. */
export interface ScanGrant {
  userId: string;
  projectId: string | null;
}

const sameGrant = (grant: ScanGrant) =>
  and(
    eq(scanPermissions.userId, grant.userId),
    grant.projectId === null ? isNull(scanPermissions.projectId) : eq(scanPermissions.projectId, grant.projectId),
  );

export async function hasGlobalScanGrant(db: Database, userId: string): Promise<boolean> {
  const rows = await db
    .select({ id: scanPermissions.id })
    .from(scanPermissions)
    .where(sameGrant({ userId, projectId: null }))
    .limit(1);
  return rows.length > 0;
}

/** Whether a grant lets the user scan the project: one for that project, or a global one. */
export async function hasProjectScanGrant(db: Database, userId: string, projectId: string): Promise<boolean> {
  const rows = await db
    .select({ id: scanPermissions.id })
    .from(scanPermissions)
    .where(
      and(
        eq(scanPermissions.userId, userId),
        or(isNull(scanPermissions.projectId), eq(scanPermissions.projectId, projectId)),
      ),
    )
    .limit(1);
  return rows.length > 0;
}

/**
 * Idempotent, as SonarQube's permissions/add_user is; the partial unique indexes settle races.
 * Returns whether a grant was added (false when it was already there).
 */
export async function insertScanGrant(db: Database, grant: ScanGrant): Promise<boolean> {
  const rows = await db
    .insert(scanPermissions)
    .values(grant)
    .onConflictDoNothing()
    .returning({ id: scanPermissions.id });
  return rows.length > 0;
}

/** Returns whether a grant was removed (false when there was none). */
export async function deleteScanGrant(db: Database, grant: ScanGrant): Promise<boolean> {
  const rows = await db.delete(scanPermissions).where(sameGrant(grant)).returning({ id: scanPermissions.id });
  return rows.length > 0;
}

/** Every grant with its user and project (null project: global), for the administration page. */
export async function listScanGrants(db: Database) {
  return db
    .select({
      userId: users.id,
      login: users.login,
      name: users.name,
      projectId: scanPermissions.projectId,
      projectKey: projects.key,
    })
    .from(scanPermissions)
    .innerJoin(users, eq(users.id, scanPermissions.userId))
    .leftJoin(projects, eq(projects.id, scanPermissions.projectId))
    .orderBy(asc(users.login));
}
