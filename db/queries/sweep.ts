import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Database } from "../client";
import { PERSONAL_TOKEN_KINDS, auditEvents, tokens } from "../schema";
import { ownerLoginOf, projectKeyOf } from "./audit";

/**
 * The sweeper's batched deletes. Each is one auto-committed statement that removes at most `limit`
 * rows and, in the same statement, records one `token.sweep` audit event per removed token, so a
 * sweep never holds a long transaction or many row locks, and no token disappears unrecorded.
 *
 * The conditions repeat the partial indexes' definitions (db/schema.ts) word for word, with the
 * kinds as literals rather than parameters: the planner only uses a partial index when it can prove
 * the query implies the index's predicate, which a parameter (in a generic plan) does not allow.
 * - tokens_user_owned_activity_idx: coalesce(last_used_at, created_at) WHERE kind in (personal kinds)
 * - tokens_agent_expiry_idx: expires_at WHERE kind = 'agent'
 * - tokens_agent_finished_idx: finished_at WHERE kind = 'agent' and finished_at is not null
 * - tokens_rotated_until_idx: rotated_until WHERE rotated_until is not null
 *
 * Shape: `with deleted as (delete from tokens where id = any(array(select id ... order by ... limit n
 * for update skip locked)) returning ...) insert into audit_events select ... from deleted`. The
 * array subquery runs once (an InitPlan walking the partial index in order, stopping after n rows)
 * and the delete finds those rows by primary key. The plainer `id in (select ...)` made the planner
 * hash-join the batch against a scan of the whole table (or of every inactive token), so each batch
 * cost grew with the table instead of with the batch.
 *
 * Agent tokens that are over are two statements, not one `expired or finished` condition: each half
 * walks its own partial index in order, where an OR would have to collect and sort every match
 * (all the expired and finished agent tokens) before taking a batch.
 *
 * `for update skip locked` keeps a token that is being used from being deleted by a stale decision:
 * a row locked by an authentication's last-use UPDATE is skipped (a later run looks again), and a
 * row updated since the statement began is re-checked against the conditions on its new version
 * (READ COMMITTED), so a token used meanwhile is no longer picked. Either can make a batch short,
 * which ends that pass early; the next run goes on.
 */

const personalKinds: SQL = sql.raw(
  PERSONAL_TOKEN_KINDS.map((kind) => {
    if (!/^[a-z_]+$/.test(kind)) throw new Error(`unexpected token kind ${kind}`);
    return `'${kind}'`;
  }).join(", "),
);

const lastActivity = sql`coalesce(${tokens.lastUsedAt}, ${tokens.createdAt})`;

/** A personal token whose last activity (use, or creation) is at or before `cutoff`. */
function inactivePersonal(cutoff: Date): SQL {
  return sql`${tokens.kind} in (${personalKinds}) and ${lastActivity} <= ${cutoff.toISOString()}::timestamptz`;
}

/** An agent token expired at or before `now`. */
function agentTokenExpired(now: Date): SQL {
  return sql`${tokens.kind} = 'agent' and ${tokens.expiresAt} <= ${now.toISOString()}::timestamptz`;
}

/** An agent token whose task finished (POST /api/agent_tokens/finish): dead from then on. */
function agentTokenFinished(): SQL {
  return sql`${tokens.kind} = 'agent' and ${tokens.finishedAt} is not null`;
}

/** A rotated token whose overlap ended at or before `now`: authentication refuses it from then. */
function rotationEnded(now: Date): SQL {
  return sql`${tokens.rotatedUntil} is not null and ${tokens.rotatedUntil} <= ${now.toISOString()}::timestamptz`;
}

export type SweepReason = "inactive" | "expired" | "finished" | "rotated";

/**
 * One batch as a single statement, not run yet (bench/sweep.ts also EXPLAINs it): deletes up to
 * `limit` tokens matching `condition` in `orderBy` order and records each in the audit trail
 * (actor: the system; for whom: the owner; details: why, with the project key and the dates that
 * decided). Answers one row `{ removed }`.
 */
function batchStatement(condition: SQL, orderBy: SQL, limit: number, at: Date, reason: SweepReason): SQL {
  return sql`
    with deleted as (
      delete from ${tokens}
      where ${tokens.id} = any(array(
        select ${tokens.id} from ${tokens} where ${condition} order by ${orderBy} limit ${limit} for update skip locked
      ))
      returning ${tokens.kind} as kind, ${tokens.name} as name, ${tokens.hint} as hint, ${tokens.userId} as user_id,
        ${tokens.projectId} as project_id, ${tokens.createdAt} as created_at, ${tokens.lastUsedAt} as last_used_at,
        ${tokens.expiresAt} as expires_at, ${tokens.finishedAt} as finished_at, ${tokens.rotatedUntil} as rotated_until
    ),
    recorded as (
      insert into ${auditEvents} (action, created_at, target_login, token_kind, token_name, token_hint, details)
      select 'token.sweep', ${at.toISOString()}::timestamptz,
        ${ownerLoginOf(sql.raw("deleted.user_id"))},
        deleted.kind, deleted.name, deleted.hint,
        jsonb_strip_nulls(jsonb_build_object(
          'reason', ${reason}::text,
          'projectKey', ${projectKeyOf(sql.raw("deleted.project_id"))},
          'lastActivity', case when ${reason}::text = 'inactive' then coalesce(deleted.last_used_at, deleted.created_at) end,
          'expiresAt', deleted.expires_at,
          'finishedAt', deleted.finished_at,
          'rotatedUntil', deleted.rotated_until
        ))
      from deleted
      returning 1
    )
    select count(*)::int as removed from recorded`;
}

/**
 * A batch of up to `limit` personal tokens inactive since `cutoff`, oldest activity first.
 * `cutoff` is `now - inactivity period`: the same boundary as isInactive (lib/tokens/expiry.ts), so
 * a token the sweeper may delete is one authentication already refuses.
 */
export function inactivePersonalBatch(cutoff: Date, now: Date, limit: number): SQL {
  return batchStatement(inactivePersonal(cutoff), lastActivity, limit, now, "inactive");
}

/** A batch of up to `limit` agent tokens expired at `now`, earliest expiry first. */
export function expiredAgentBatch(now: Date, limit: number): SQL {
  return batchStatement(agentTokenExpired(now), sql`${tokens.expiresAt}`, limit, now, "expired");
}

/** A batch of up to `limit` agent tokens whose task finished, earliest finish first. */
export function finishedAgentBatch(now: Date, limit: number): SQL {
  return batchStatement(agentTokenFinished(), sql`${tokens.finishedAt}`, limit, now, "finished");
}

/** A batch of up to `limit` rotated tokens whose overlap ended at `now`, earliest end first. */
export function rotatedEndedBatch(now: Date, limit: number): SQL {
  return batchStatement(rotationEnded(now), sql`${tokens.rotatedUntil}`, limit, now, "rotated");
}

/** Runs one batch statement; returns how many tokens it removed (and recorded). */
export async function runSweepBatch(db: Database, statement: SQL): Promise<number> {
  const [row] = rowsOf<{ removed: number | string }>(await db.execute(statement));
  return Number(row?.removed ?? 0);
}
