import { sql, type SQL } from "drizzle-orm";
import { USER_OWNED_KINDS } from "@/lib/tokens/kinds";
import type { Database } from "../client";
import { tokens } from "../schema";

/**
 * The sweeper's batched deletes. Each is one auto-committed statement that removes at most `limit`
 * rows, so a sweep never holds a long transaction or many row locks.
 *
 * The conditions repeat the partial indexes' definitions (db/schema.ts) word for word, with the
 * kinds as literals rather than parameters: the planner only uses a partial index when it can prove
 * the query implies the index's predicate, which a parameter (in a generic plan) does not allow.
 * - tokens_user_owned_activity_idx: coalesce(last_used_at, created_at) WHERE kind in (user-owned)
 * - tokens_agent_expiry_idx: expires_at WHERE kind = 'agent'
 *
 * Shape: `delete from tokens where id = any(array(select id ... order by ... limit n for update skip
 * locked))`. The array subquery runs once (an InitPlan walking the partial index in order, stopping
 * after n rows) and the delete finds those rows by primary key. The plainer `id in (select ...)` made
 * the planner hash-join the batch against a scan of the whole table (or of every inactive token),
 * so each batch cost grew with the table instead of with the batch.
 *
 * `for update skip locked` keeps a token that is being used from being deleted by a stale decision:
 * a row locked by an authentication's last-use UPDATE is skipped (a later run looks again), and a
 * row updated since the statement began is re-checked against the conditions on its new version
 * (READ COMMITTED), so a token used meanwhile is no longer picked. Either can make a batch short,
 * which ends that pass early; the next run goes on.
 */

const userOwnedKinds: SQL = sql.raw(
  USER_OWNED_KINDS.map((kind) => {
    if (!/^[a-z_]+$/.test(kind)) throw new Error(`unexpected token kind ${kind}`);
    return `'${kind}'`;
  }).join(", "),
);

const lastActivity = sql`coalesce(${tokens.lastUsedAt}, ${tokens.createdAt})`;

/** A user-owned token whose last activity (use, or creation) is at or before `cutoff`. */
function inactiveUserOwned(cutoff: Date): SQL {
  return sql`${tokens.kind} in (${userOwnedKinds}) and ${lastActivity} <= ${cutoff.toISOString()}::timestamptz`;
}

/**
 * An agent token that is over: expired at or before `now`.
 * Extension point: when agent tokens can be finished (a later issue), that condition joins here as
 * `or <finished>`, inside the parentheses, keeping `kind = 'agent'` outside. tokens_agent_expiry_idx
 * only serves the expiry half: check with EXPLAIN (bench/sweep.ts prints it) whether the finished
 * half needs its own partial index so the batch does not scan every agent token.
 */
function agentTokenOver(now: Date): SQL {
  return sql`${tokens.kind} = 'agent' and (${tokens.expiresAt} <= ${now.toISOString()}::timestamptz)`;
}

/** One batch as a DELETE statement, not run yet (bench/sweep.ts also EXPLAINs it). */
function batchStatement(db: Database, condition: SQL, orderBy: SQL, limit: number) {
  return db
    .delete(tokens)
    .where(
      sql`${tokens.id} = any(array(select ${tokens.id} from ${tokens} where ${condition} order by ${orderBy} limit ${limit} for update skip locked))`,
    )
    .returning({ id: tokens.id });
}

/**
 * A batch of up to `limit` user-owned tokens inactive since `cutoff`, oldest activity first.
 * `cutoff` is `now - inactivity period`: the same boundary as isInactive (lib/tokens/expiry.ts), so
 * a token the sweeper may delete is one authentication already refuses.
 */
export function inactiveUserOwnedBatch(db: Database, cutoff: Date, limit: number) {
  return batchStatement(db, inactiveUserOwned(cutoff), lastActivity, limit);
}

/** A batch of up to `limit` agent tokens that are over at `now`, earliest expiry first. */
export function finishedAgentBatch(db: Database, now: Date, limit: number) {
  return batchStatement(db, agentTokenOver(now), sql`${tokens.expiresAt}`, limit);
}

/** Deletes one batch of inactive user-owned tokens; returns how many. */
export async function deleteInactiveUserOwnedTokens(db: Database, cutoff: Date, limit: number): Promise<number> {
  return (await inactiveUserOwnedBatch(db, cutoff, limit)).length;
}

/** Deletes one batch of finished or expired agent tokens; returns how many. */
export async function deleteFinishedAgentTokens(db: Database, now: Date, limit: number): Promise<number> {
  return (await finishedAgentBatch(db, now, limit)).length;
}
