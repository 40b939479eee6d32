import { and, count, desc, eq, or, sql, type AnyColumn, type SQL } from "drizzle-orm";
import { rowsOf, type Database } from "../client";
import { auditEvents, projects, tokens, users, type AuditEvent, type NewAuditEvent } from "../schema";

/** Appends one record to the audit trail (the table refuses updates and deletes). */
export async function insertAuditEvent(db: Database, event: NewAuditEvent): Promise<void> {
  await db.insert(auditEvents).values(event);
}

/**
 * The login of the user `userId` names, and the key of the project `projectId` names, as scalar
 * subqueries: what an event copies of a token's owner and project (the trail has no foreign keys).
 */
export const ownerLoginOf = (userId: SQL | AnyColumn) =>
  sql`(select ${users.login} from ${users} where ${users.id} = ${userId})`;
export const projectKeyOf = (projectId: SQL | AnyColumn) =>
  sql`(select ${projects.key} from ${projects} where ${projects.id} = ${projectId})`;

export interface TokenDeletionRecord {
  action: "token.delete";
  at: Date;
  actor: { id: string; login: string } | null;
  clientIp?: string | null;
  /** Merged into each record's details, next to the token's project key. */
  details: Record<string, unknown>;
}

/**
 * Records, in one INSERT ... SELECT, one event per token matching `where` (a condition on
 * `tokens`): run it in the transaction that is about to delete them (a user's or a project's
 * cascade). Copies the owner's login, kind, name, hint and project key; never the hash. Returns how
 * many it recorded.
 */
export async function recordTokenDeletions(db: Database, where: SQL, record: TokenDeletionRecord): Promise<number> {
  const result = await db.execute(sql`
    insert into ${auditEvents} (action, created_at, actor_id, actor_login, target_login, token_kind, token_name, token_hint, client_ip, details)
    select ${record.action}, ${record.at.toISOString()}::timestamptz, ${record.actor?.id ?? null}::uuid, ${record.actor?.login ?? null},
      ${ownerLoginOf(tokens.userId)},
      ${tokens.kind}, ${tokens.name}, ${tokens.hint}, ${record.clientIp ?? null},
      jsonb_strip_nulls(jsonb_build_object('projectKey', ${projectKeyOf(tokens.projectId)}))
        || ${JSON.stringify(record.details)}::jsonb
    from ${tokens}
    where ${where}
    returning 1`);
  return rowsOf(result).length;
}

export interface AuditFilter {
  /** A login: matches who did it or whom it concerns. */
  user?: string;
  action?: string;
  page: number;
  pageSize: number;
}

/** One page (1-based) of the audit trail, newest first, with the total of matching records. */
export async function listAuditEvents(
  db: Database,
  filter: AuditFilter,
): Promise<{ rows: AuditEvent[]; total: number }> {
  const where = and(
    filter.user ? or(eq(auditEvents.actorLogin, filter.user), eq(auditEvents.targetLogin, filter.user)) : undefined,
    filter.action ? eq(auditEvents.action, filter.action) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(auditEvents)
      .where(where)
      .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id))
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize),
    db.select({ n: count() }).from(auditEvents).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}
