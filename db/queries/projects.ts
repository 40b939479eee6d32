import { eq } from "drizzle-orm";
import type { Database } from "../client";
import { projects } from "../schema";

export async function findProjectByKey(db: Database, key: string) {
  const [row] = await db.select().from(projects).where(eq(projects.key, key));
  return row;
}
