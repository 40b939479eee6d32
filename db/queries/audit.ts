import type { Database } from "../client";
import { auditEvents, type NewAuditEvent } from "../schema";

/** Appends one record to the audit trail (the table refuses updates and deletes). */
export async function insertAuditEvent(db: Database, event: NewAuditEvent): Promise<void> {
  await db.insert(auditEvents).values(event);
}
