import { and, asc, count, eq, ilike, inArray, or, sql, type SQL } from "drizzle-orm";
import type { Database } from "../client";
import { projects, scanPermissions, type Project } from "../schema";
import { likePattern } from "./users";

export async function findProjectByKey(db: Database, key: string): Promise<Project | undefined> {
  const [row] = await db.select().from(projects).where(eq(projects.key, key));
  return row;
}

export async function findProjectKey(db: Database, id: string): Promise<string | undefined> {
  const [row] = await db.select({ key: projects.key }).from(projects).where(eq(projects.id, id));
  return row?.key;
}

export async function listProjects(db: Database) {
  return db.select({ id: projects.id, key: projects.key, name: projects.name }).from(projects).orderBy(projects.name);
}

export async function insertProject(db: Database, values: { key: string; name: string }): Promise<Project> {
  const [row] = await db.insert(projects).values(values).returning();
  if (!row) throw new Error("insert returned no row");
  return row;
}

/**
 * Deletes a project; its project analysis tokens, grants and analyses go with it (cascades). The row
 * is locked first and `beforeDelete` runs in the same transaction just before the delete (the audit
 * trail records what is about to go); a token insert for the project waits for the lock.
 */
export async function deleteProjectByKey(
  db: Database,
  key: string,
  beforeDelete: (tx: Database, project: Project) => Promise<void> = async () => {},
): Promise<Project | undefined> {
  return db.transaction(async (tx) => {
    const [project] = await tx.select().from(projects).where(eq(projects.key, key)).for("update");
    if (!project) return undefined;
    await beforeDelete(tx, project);
    await tx.delete(projects).where(eq(projects.id, project.id));
    return project;
  });
}

/**
 * Projects a user may scan: all of them with `everyProject` (admins, global grant), else those with
 * a grant for this user.
 */
function scannableBy(userId: string, everyProject: boolean): SQL | undefined {
  if (everyProject) return undefined;
  return sql`exists (select 1 from ${scanPermissions} where ${scanPermissions.userId} = ${userId} and ${scanPermissions.projectId} = ${projects.id})`;
}

export async function listProjectsScannableBy(db: Database, userId: string, everyProject: boolean) {
  return db
    .select({ id: projects.id, key: projects.key, name: projects.name })
    .from(projects)
    .where(scannableBy(userId, everyProject))
    .orderBy(asc(projects.name), asc(projects.key));
}

/**
 * One page (1-based) of the projects a user may scan whose key or name contains `query`, among
 * `keys` when given.
 */
export async function searchProjectsScannableBy(
  db: Database,
  options: { userId: string; everyProject: boolean; query: string; keys?: string[]; page: number; pageSize: number },
) {
  const where = and(
    scannableBy(options.userId, options.everyProject),
    options.query
      ? or(ilike(projects.key, likePattern(options.query)), ilike(projects.name, likePattern(options.query)))
      : undefined,
    options.keys ? inArray(projects.key, options.keys) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db
      .select({ id: projects.id, key: projects.key, name: projects.name })
      .from(projects)
      .where(where)
      .orderBy(asc(projects.name), asc(projects.key))
      .limit(options.pageSize)
      .offset((options.page - 1) * options.pageSize),
    db.select({ n: count() }).from(projects).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

/** The projects among `keys` that exist (any order). */
export async function findProjectsByKeys(db: Database, keys: string[]): Promise<Project[]> {
  if (keys.length === 0) return [];
  return db.select().from(projects).where(inArray(projects.key, keys));
}
