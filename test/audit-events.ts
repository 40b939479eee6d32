import { asc } from "drizzle-orm";
import type { Database } from "@/db/client";
import { auditEvents, type AuditEvent } from "@/db/schema";

/**
 * The audit trail cannot be emptied between tests (it is append-only): a test takes a mark, then
 * reads the events recorded since, oldest first.
 */
export async function auditMark(db: Database): Promise<Set<string>> {
  const rows = await db.select({ id: auditEvents.id }).from(auditEvents);
  return new Set(rows.map((r) => r.id));
}

export async function auditEventsSince(db: Database, mark: Set<string>): Promise<AuditEvent[]> {
  const rows = await db.select().from(auditEvents).orderBy(asc(auditEvents.createdAt), asc(auditEvents.action));
  return rows.filter((r) => !mark.has(r.id));
}
