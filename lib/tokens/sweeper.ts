import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Database, type DatabaseHandle } from "@/db/client";
import { getTokenSettings } from "@/db/queries/settings";
import {
  expiredAgentBatch,
  finishedAgentBatch,
  inactivePersonalBatch,
  rotatedEndedBatch,
  runSweepBatch,
} from "@/db/queries/sweep";
import { deleteExpiredSessions } from "@/db/queries/sessions";
import { sessionsCreatedAfter } from "@/lib/auth/sessions";
import { clock } from "@/lib/clock";
import { createDueNotices } from "@/lib/notices/create-due-notices";
import { deliverNoticeMail } from "@/lib/notices/deliver";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The key of the session-level advisory lock that lets one sweeper run at a time across every
 * server and `npm run tokens:sweep` on the same database. Fixed and arbitrary ("tksweep1" in
 * ASCII); change it only together with every running instance.
 */
export const SWEEP_LOCK_KEY = 0x746b_7377_6565_7031n;

/**
 * Rows per delete statement. Measured with bench/sweep.ts (100,000 stale user tokens, 10,000 expired
 * and 10,000 finished agent tokens among 141,000, two cores, each batch also writing its 1,000 audit
 * events): a batch of 1,000 takes about 44 ms on average on PGlite (p99 about 70 ms) and about 34 ms
 * on PostgreSQL; without the audit events it was 15-25 ms and 9 ms. On PGlite's single connection an
 * authentication waits for at most the batch in progress, so batches stay under 100 ms; 500 halves
 * that wait but doubles the statements, 2,000 doubles it for little gain. Under heavy load from other
 * processes the same batches took 80-150 ms on average.
 */
export const DEFAULT_SWEEP_BATCH_SIZE = 1000;
/**
 * Batches per run: at most 50,000 tokens, about one second of work; a run that stops there is picked
 * up by the next one (the command loops at once; the server 5 minutes later: 600,000 tokens an hour).
 */
export const DEFAULT_SWEEP_MAX_BATCHES = 50;

export interface SweepOptions {
  batchSize?: number;
  maxBatches?: number;
  /** Called after each batch (bench/sweep.ts times them). */
  onBatch?: (batch: { statement: SweepStatement; removed: number; ms: number }) => void;
}

/** The batch statements, in the order a run takes them. */
export type SweepStatement = "inactive" | "agent" | "finished" | "rotated";

export interface SweepResult {
  /** True when another sweeper holds the lock: nothing was done. */
  skipped: boolean;
  /** Personal tokens inactive for the admin's period. */
  removedInactive: number;
  /** Expired agent tokens. */
  removedAgent: number;
  /** Agent tokens whose task finished. */
  removedFinished: number;
  /** Rotated tokens whose overlap ended. */
  removedRotated: number;
  /** Browser sessions past their lifetime (12 hours from sign-in): rows no cookie opens any more. */
  removedSessions: number;
  /** Expiry and inactivity notices created (their emails are sent after the run: deliverNoticeMail). */
  noticesCreated: number;
  /** Delete statements run. */
  batches: number;
  /** False when the run stopped at maxBatches with work left. */
  complete: boolean;
}

// Advisory locks are re-entrant within one session and PGlite has one session, so they cannot keep
// two sweeps in one process apart: this does.
const sweeping = new WeakSet<DatabaseHandle>();

/**
 * Deletes, in bounded batches, the personal tokens inactive for the admin's period (none when it
 * is `Never`), the agent tokens that are over (expired, or their task finished) and the rotated
 * tokens whose overlap ended; then the browser sessions past their lifetime; then creates the
 * notices of tokens expiring or due for removal within 7 days (lib/notices). One run at a time per
 * database (advisory lock on a dedicated connection); each batch is its own auto-committed
 * statement, which also records one `token.sweep` audit event per token it removes.
 */
export async function sweepTokens(
  handle: DatabaseHandle,
  now: Date = clock.now(),
  options: SweepOptions = {},
): Promise<SweepResult> {
  const batchSize = options.batchSize ?? DEFAULT_SWEEP_BATCH_SIZE;
  const maxBatches = options.maxBatches ?? DEFAULT_SWEEP_MAX_BATCHES;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`invalid batchSize ${batchSize}`);
  if (!Number.isInteger(maxBatches) || maxBatches < 1) throw new Error(`invalid maxBatches ${maxBatches}`);
  const result: SweepResult = {
    skipped: true,
    removedInactive: 0,
    removedAgent: 0,
    removedFinished: 0,
    removedRotated: 0,
    removedSessions: 0,
    noticesCreated: 0,
    batches: 0,
    complete: false,
  };
  if (sweeping.has(handle)) return result;
  sweeping.add(handle);
  try {
    return await handle.withDedicatedConnection(async (db) => {
      if (!(await tryLock(db))) return result;
      try {
        result.skipped = false;
        await runBatches(db, now, batchSize, maxBatches, result, options.onBatch);
        result.removedSessions = await deleteExpiredSessions(db, sessionsCreatedAfter(now));
        result.noticesCreated = (await createDueNotices(db, now)).length;
        return result;
      } finally {
        await db.execute(sql`select pg_advisory_unlock(${SWEEP_LOCK_KEY.toString()}::bigint)`);
      }
    });
  } finally {
    sweeping.delete(handle);
  }
}

async function tryLock(db: Database): Promise<boolean> {
  const result: unknown = await db.execute(
    sql`select pg_try_advisory_lock(${SWEEP_LOCK_KEY.toString()}::bigint) as locked`,
  );
  return rowsOf<{ locked: unknown }>(result)[0]?.locked === true;
}

/** One kind of batch, run until a short batch says nothing is left for it. */
interface SweepPass {
  statement: SweepStatement;
  batch: () => SQL;
  count: "removedInactive" | "removedAgent" | "removedFinished" | "removedRotated";
}

async function runBatches(
  db: Database,
  now: Date,
  batchSize: number,
  maxBatches: number,
  result: SweepResult,
  onBatch: SweepOptions["onBatch"],
) {
  const { inactiveTokenRemovalDays } = await getTokenSettings(db);
  // Same boundary as isInactive: inactive when now - lastActivity >= days, i.e. lastActivity <= cutoff.
  const cutoff = inactiveTokenRemovalDays === null ? null : new Date(now.getTime() - inactiveTokenRemovalDays * DAY_MS);
  const passes: SweepPass[] = [
    { statement: "agent", batch: () => expiredAgentBatch(now, batchSize), count: "removedAgent" },
    { statement: "finished", batch: () => finishedAgentBatch(now, batchSize), count: "removedFinished" },
    { statement: "rotated", batch: () => rotatedEndedBatch(now, batchSize), count: "removedRotated" },
  ];
  if (cutoff) {
    passes.unshift({
      statement: "inactive",
      batch: () => inactivePersonalBatch(cutoff, now, batchSize),
      count: "removedInactive",
    });
  }
  for (const pass of passes) {
    // A short batch means nothing (or nothing unlocked) is left for this pass.
    for (let removed = batchSize; removed === batchSize;) {
      if (result.batches >= maxBatches) return;
      result.batches += 1;
      const started = performance.now();
      removed = await runSweepBatch(db, pass.batch());
      result[pass.count] += removed;
      onBatch?.({ statement: pass.statement, removed, ms: performance.now() - started });
    }
  }
  result.complete = true;
}

export interface SweeperOptions {
  /** Time between runs; default 5 minutes. */
  intervalMs?: number;
  /** Delay before the first run; default 30 s (or the interval, when shorter). */
  firstRunMs?: number;
  log?: (line: string) => void;
  logError?: (line: string, error: unknown) => void;
}

export const DEFAULT_SWEEP_INTERVAL_MS = 5 * 60 * 1000;

/**
 * Runs sweepTokens in the server periodically, never overlapping itself; a run left incomplete
 * (maxBatches) goes on at the next tick. Logs a line only when it removed something, and logs
 * errors without throwing. The timers are unref'd: they never keep the process alive. Returns a
 * stop function that cancels the timers and waits for a run in progress.
 */
export function startSweeper(handle: DatabaseHandle, options: SweeperOptions = {}): () => Promise<void> {
  const intervalMs = options.intervalMs ?? DEFAULT_SWEEP_INTERVAL_MS;
  const log = options.log ?? ((line) => console.log(line));
  const logError = options.logError ?? ((line, error) => console.error(line, error));
  let running: Promise<void> | null = null;
  let stopped = false;

  const tick = () => {
    if (running || stopped) return;
    running = sweepTokens(handle)
      .then(async (r) => {
        if (r.removedInactive + r.removedAgent + r.removedFinished + r.removedRotated > 0) {
          log(
            `Token sweeper removed ${r.removedInactive} inactive, ${r.removedAgent} expired agent, ${r.removedFinished} finished agent and ${r.removedRotated} rotated tokens.`,
          );
        }
        // After the run, outside its lock: the notices are committed, and a slow SMTP server
        // delays only the emails (the next tick waits for them, so none overlap).
        await deliverNoticeMail(handle.db);
      })
      .catch((error: unknown) => logError("Token sweeper failed:", error))
      .finally(() => {
        running = null;
      });
  };

  const first = setTimeout(tick, options.firstRunMs ?? Math.min(30_000, intervalMs));
  first.unref();
  const interval = setInterval(tick, intervalMs);
  interval.unref();
  return async () => {
    stopped = true;
    clearTimeout(first);
    clearInterval(interval);
    await running;
  };
}
