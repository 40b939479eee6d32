import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { rowsOf, setDatabase, type DatabaseHandle } from "@/db/client";
import { testDatabases, useTestDatabase } from "@/test/databases";
import { RateLimiter, type Attempt, type TakeOutcome } from "./rate-limit";

const T0 = new Date("2030-01-01T00:00:00Z");
const at = (ms: number) => new Date(T0.getTime() + ms);

describe.each(testDatabases())("RateLimiter on $name", (target) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await useTestDatabase(target);
  });
  afterAll(async () => {
    setDatabase(undefined);
    await handle?.close();
  });
  // Two limiters of one name stand for the same limit in two server processes.
  let here: RateLimiter;
  let there: RateLimiter;
  beforeEach(async () => {
    here = new RateLimiter("test", 3, 60_000);
    there = new RateLimiter("test", 3, 60_000);
    await here.clear();
  });

  const counters = async () =>
    rowsOf<{ n: unknown }>(
      await handle.db.execute(sql`select count(*)::int as n from rate_limit_counters where limiter = 'test'`),
    )[0]?.n;

  it("starts one burst at the limit and refuses the failures past it, with the window's remaining seconds", async () => {
    const outcomes = [];
    for (const ms of [0, 10_000, 20_000, 30_000]) outcomes.push(await here.recordFailure("k", at(ms)));
    expect(outcomes.map((o) => o.startsBurst)).toEqual([false, false, true, false]);
    expect(outcomes[2]?.retryAfterSeconds).toBe(0);
    expect(outcomes[3]?.retryAfterSeconds).toBeGreaterThan(0);
    expect(await here.retryAfterSeconds("k", at(30_000))).toBeGreaterThan(0);
    expect(here.knownRetryAfterSeconds("k", at(30_000))).toBeGreaterThan(0);
    expect(await here.retryAfterSeconds("other", at(30_000))).toBe(0);
    expect(await here.retryAfterSeconds("k", at(80_001))).toBe(0);
    expect(here.knownRetryAfterSeconds("k", at(80_001))).toBe(0);
    // On PGlite the counts are this process's own and never reach the database.
    expect(await counters()).toBe(target.name === "postgres" ? 1 : 0);
  });

  const taken = (outcome: TakeOutcome): Attempt => {
    if (!("attempt" in outcome)) throw new Error(`refused for ${outcome.retryAfterSeconds} s`);
    return outcome.attempt;
  };

  it("takes attempts up to the limit and refuses the next one, without counting it", async () => {
    const attempts = [
      taken(await here.take("k", at(0))),
      taken(await here.take("k", at(1))),
      taken(await here.take("k", at(2))),
    ];
    expect(attempts.map((a) => a.failures)).toEqual([1, 2, 3]);
    const refused = await here.take("k", at(3));
    expect(refused).toEqual({ retryAfterSeconds: 60 });
    expect(here.knownRetryAfterSeconds("k", at(3))).toBeGreaterThan(0);
    // Had their checks failed: one failure burst, at the attempt that reached the limit.
    expect(attempts.map((a) => here.startsBurst(a))).toEqual([false, false, true]);
    // The refused attempt was not kept: giving one back leaves room for exactly one more.
    await here.giveBack(attempts[1] as Attempt);
    expect(await here.retryAfterSeconds("k", at(4))).toBe(0);
    expect(here.knownRetryAfterSeconds("k", at(4))).toBe(0);
    expect(taken(await here.take("k", at(5))).failures).toBe(3);
    expect(await here.take("k", at(6))).toHaveProperty("retryAfterSeconds");
  });

  it("never lets attempts taken at once exceed the limit, and a given-back attempt is no failure", async () => {
    const outcomes = await Promise.all(Array.from({ length: 8 }, (_, i) => here.take("k", at(i))));
    const attempts = outcomes.filter((o) => "attempt" in o);
    expect(attempts).toHaveLength(3);
    for (const o of attempts) await here.giveBack(o.attempt);
    expect(await here.retryAfterSeconds("k", at(10))).toBe(0);
    const again = await Promise.all(Array.from({ length: 8 }, (_, i) => here.take("k", at(20 + i))));
    expect(again.filter((o) => "attempt" in o)).toHaveLength(3);
  });

  if (target.name !== "postgres") return;

  it("shares the budget of taken attempts between processes on PostgreSQL", async () => {
    const outcomes = await Promise.all(Array.from({ length: 9 }, (_, i) => (i % 2 ? here : there).take("k", at(i))));
    expect(outcomes.filter((o) => "attempt" in o)).toHaveLength(3);
    expect(await counters()).toBe(1);
    expect(await there.retryAfterSeconds("k", at(10))).toBeGreaterThan(0);
  });

  it("shares one budget between processes on PostgreSQL, also for concurrent failures", async () => {
    const limit = new RateLimiter("shared", 300, 60_000);
    const other = new RateLimiter("shared", 300, 60_000);
    await limit.clear();
    const outcomes = await Promise.all(
      Array.from({ length: 301 }, (_, i) => (i % 2 ? limit : other).recordFailure("addr", at(i))),
    );
    expect(outcomes.filter((o) => o.startsBurst)).toHaveLength(1);
    expect(outcomes.filter((o) => o.retryAfterSeconds > 0)).toHaveLength(1);
    // The other process learns of it by asking (password checks) or at its next failure (tokens).
    const fresh = new RateLimiter("shared", 300, 60_000);
    expect(fresh.knownRetryAfterSeconds("addr", at(400))).toBe(0);
    expect(await fresh.retryAfterSeconds("addr", at(400))).toBeGreaterThan(0);
    expect(fresh.knownRetryAfterSeconds("addr", at(400))).toBeGreaterThan(0);
  });

  it("counts a new window once the old one ended, and removes ended windows", async () => {
    for (let i = 0; i < 3; i++) await here.recordFailure(`k${i}`, at(0));
    expect(await counters()).toBe(3);
    expect(await there.retryAfterSeconds("k0", at(0))).toBe(0);
    const later = await there.recordFailure("k0", at(60_000));
    expect(later).toEqual({ startsBurst: false, retryAfterSeconds: 0 });
    // The first failure a window later cleans up; k0 began a new window.
    expect(await counters()).toBe(1);
  });
});
