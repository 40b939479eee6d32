import { and, eq, gt, lte, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { rateLimitCounters } from "@/db/schema";

/** A key's failures in its current window, and when that window ends. */
export interface WindowCount {
  failures: number;
  endsAt: Date;
}

const windowStart = (now: Date, windowMs: number) => new Date(now.getTime() - windowMs);
// A Date inside sql`` reaches postgres.js unserialized: passed as text, cast by the server.
const timestamp = (at: Date) => sql`${at.toISOString()}::timestamptz`;

/**
 * Counts one failure for (limiter, key) and answers the window's count, in one atomic statement:
 * concurrent failures from several instances each get their own count. A window that has ended
 * starts again at `now` with this failure.
 */
export async function incrementFailures(
  db: Database,
  counter: { limiter: string; key: string; now: Date; windowMs: number },
): Promise<WindowCount> {
  const expired = sql`${rateLimitCounters.windowStartedAt} <= ${timestamp(windowStart(counter.now, counter.windowMs))}`;
  const [row] = await db
    .insert(rateLimitCounters)
    .values({ limiter: counter.limiter, key: counter.key, windowStartedAt: counter.now, failures: 1 })
    .onConflictDoUpdate({
      target: [rateLimitCounters.limiter, rateLimitCounters.key],
      // Both read the row as it was before this update.
      set: {
        failures: sql`case when ${expired} then 1 else ${rateLimitCounters.failures} + 1 end`,
        windowStartedAt: sql`case when ${expired} then ${timestamp(counter.now)} else ${rateLimitCounters.windowStartedAt} end`,
      },
    })
    .returning({ failures: rateLimitCounters.failures, windowStartedAt: rateLimitCounters.windowStartedAt });
  if (!row) throw new Error("the rate-limit upsert returned no row");
  return { failures: row.failures, endsAt: new Date(row.windowStartedAt.getTime() + counter.windowMs) };
}

/** The failures of (limiter, key) in the window that holds `now`: none once it has ended. */
export async function readFailures(
  db: Database,
  counter: { limiter: string; key: string; now: Date; windowMs: number },
): Promise<WindowCount | null> {
  const [row] = await db
    .select({ failures: rateLimitCounters.failures, windowStartedAt: rateLimitCounters.windowStartedAt })
    .from(rateLimitCounters)
    .where(
      and(
        eq(rateLimitCounters.limiter, counter.limiter),
        eq(rateLimitCounters.key, counter.key),
        gt(rateLimitCounters.windowStartedAt, windowStart(counter.now, counter.windowMs)),
      ),
    );
  return row ? { failures: row.failures, endsAt: new Date(row.windowStartedAt.getTime() + counter.windowMs) } : null;
}

/** Takes back one counted failure of (limiter, key), if its window is still the one that began at `windowStartedAt`. */
export async function decrementFailures(
  db: Database,
  counter: { limiter: string; key: string; windowStartedAt: Date },
): Promise<void> {
  await db
    .update(rateLimitCounters)
    .set({ failures: sql`${rateLimitCounters.failures} - 1` })
    .where(
      and(
        eq(rateLimitCounters.limiter, counter.limiter),
        eq(rateLimitCounters.key, counter.key),
        eq(rateLimitCounters.windowStartedAt, counter.windowStartedAt),
        gt(rateLimitCounters.failures, 0),
      ),
    );
}

/** Removes the limiter's windows that ended before `now`. */
export async function deleteEndedWindows(db: Database, limiter: string, now: Date, windowMs: number): Promise<void> {
  await db
    .delete(rateLimitCounters)
    .where(
      and(eq(rateLimitCounters.limiter, limiter), lte(rateLimitCounters.windowStartedAt, windowStart(now, windowMs))),
    );
}

export async function deleteFailures(db: Database, limiter: string): Promise<void> {
  await db.delete(rateLimitCounters).where(eq(rateLimitCounters.limiter, limiter));
}
