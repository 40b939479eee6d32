import { eq } from "drizzle-orm";
import type { Database } from "../client";
import { projects } from "../schema";

export async function findProjectByKey(db: Database, key: string) {
  const [row] = await db.select().from(projects).where(eq(projects.key, key));
  return row;
}

export async function listProjects(db: Database) {
  return db.select({ id: projects.id, key: projects.key, name: projects.name }).from(projects).orderBy(projects.name);
}
