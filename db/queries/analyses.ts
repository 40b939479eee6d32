import type { Database } from "../client";
import { analyses } from "../schema";

export type NewAnalysis = typeof analyses.$inferInsert;

export async function insertAnalysis(db: Database, values: NewAnalysis) {
  const [row] = await db.insert(analyses).values(values).returning();
  if (!row) throw new Error("insert returned no row");
  return row;
}
