import ipaddr from "ipaddr.js";
import { getDatabaseHandle, type Database } from "@/db/client";
import {
  decrementFailures,
  deleteEndedWindows,
  deleteFailures,
  incrementFailures,
  readFailures,
} from "@/db/queries/rate-limit-counters";

/** A key's recent failures, and whether they already made a burst (reached the limit). */
interface KeyFailures {
  times: number[];
  burst: boolean;
}

/**
 * Counts failures per key in a sliding window, in this process's memory (RateLimiter's on PGlite). Bounded: the oldest keys
 * are dropped past `maxKeys`, so a flood of distinct keys cannot exhaust memory.
 *
 * A burst starts when a key's failures first reach the limit and lasts until none of them is left
 * in the window: recordFailure reports its start once, for the audit trail, however long the key
 * keeps failing.
 */
export class FailureLimiter {
  private readonly failures = new Map<string, KeyFailures>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly maxKeys = 100_000,
  ) {}

  private recent(key: string, now: number): KeyFailures {
    const entry = this.failures.get(key);
    if (!entry) return { times: [], burst: false };
    const kept = entry.times.filter((t) => now - t < this.windowMs);
    if (kept.length === 0) {
      this.failures.delete(key);
      return { times: [], burst: false };
    }
    entry.times = kept;
    return entry;
  }

  /** Seconds until the key may try again, or 0 when it is under the limit. */
  retryAfterSeconds(key: string, now: Date): number {
    const { times } = this.recent(key, now.getTime());
    if (times.length < this.limit) return 0;
    const oldest = times[times.length - this.limit] ?? now.getTime();
    return Math.max(1, Math.ceil((oldest + this.windowMs - now.getTime()) / 1000));
  }

  /** Counts one failure; returns true when it starts a burst (the key reached the limit). */
  recordFailure(key: string, now: Date): boolean {
    const entry = this.recent(key, now.getTime());
    const times = [...entry.times, now.getTime()].slice(-this.limit);
    const startsBurst = !entry.burst && times.length >= this.limit;
    this.store(key, { times, burst: entry.burst || startsBurst });
    return startsBurst;
  }

  /**
   * Takes one attempt from the key's budget, before the check it pays for: the key's count with
   * it, or null when the key is at its limit. It counts as a failure until given back.
   */
  take(key: string, now: Date): number | null {
    const entry = this.recent(key, now.getTime());
    if (entry.times.length >= this.limit) return null;
    const times = [...entry.times, now.getTime()];
    this.store(key, { times, burst: entry.burst });
    return times.length;
  }

  /** Gives back an attempt taken at `atMs` whose check succeeded. */
  giveBack(key: string, atMs: number): void {
    const entry = this.failures.get(key);
    const index = entry?.times.lastIndexOf(atMs) ?? -1;
    if (entry && index >= 0) entry.times.splice(index, 1);
  }

  /** Marks the key's failures as a burst; true the first time, until none is left in the window. */
  markBurst(key: string): boolean {
    const entry = this.failures.get(key);
    if (!entry || entry.burst) return false;
    entry.burst = true;
    return true;
  }

  private store(key: string, entry: KeyFailures): void {
    this.failures.delete(key); // re-insert so Map order tracks recency
    this.failures.set(key, entry);
    if (this.failures.size > this.maxKeys) {
      const oldestKey = this.failures.keys().next().value;
      if (oldestKey !== undefined) this.failures.delete(oldestKey);
    }
  }

  clear(): void {
    this.failures.clear();
  }
}

/** What counting one failure says. */
export interface FailureOutcome {
  /** True when this failure reached the limit: the start of a burst, audited once. */
  startsBurst: boolean;
  /** Above 0 when the key was already over the limit: this attempt is refused (429) for that long. */
  retryAfterSeconds: number;
}

/** One attempt taken from a key's budget before a check (RateLimiter.take). */
export interface Attempt {
  key: string;
  /** The key's count with this attempt. */
  failures: number;
  /** When it was taken (ms): the memory count's entry. */
  atMs: number;
  /** PostgreSQL: the start of the window it was counted in. */
  windowStartedAt: Date | null;
}

/** What taking an attempt says: taken, or refused for that many seconds. */
export type TakeOutcome = { attempt: Attempt } | { retryAfterSeconds: number };

/**
 * A key as PostgreSQL text can hold it: a key carries the login a client sent, which may hold NUL
 * characters (refused by PostgreSQL). Replacing them can only make two such keys share a budget.
 */
const storedKey = (key: string) => key.replaceAll("\0", "\uFFFD");

const secondsUntil = (endsAtMs: number, now: Date) => Math.max(1, Math.ceil((endsAtMs - now.getTime()) / 1000));

/**
 * One limit, counted in this process's memory on PGlite (one process per database), and in the
 * database on PostgreSQL, where several instances share it: each failure is one atomic upsert
 * that answers the key's count in its fixed window (rate_limit_counters), so N instances allow
 * exactly the budget of one. Only failures and password checks query it: `knownRetryAfterSeconds`
 * answers from this process alone, for the token path, whose successful requests must not pay a
 * round-trip. On PostgreSQL it knows the keys this process saw over the limit; the first failure
 * of such a key here is still refused, by recordFailure.
 */
export class RateLimiter {
  private readonly memory: FailureLimiter;
  /** PostgreSQL: when each key this process saw over the limit may try again (ms). */
  private readonly blocked = new Map<string, number>();
  private lastCleanupMs = 0;

  constructor(
    /** The limiter's name in rate_limit_counters. */
    readonly name: string,
    readonly limit: number,
    readonly windowMs: number,
    private readonly maxKeys = 100_000,
  ) {
    this.memory = new FailureLimiter(limit, windowMs, maxKeys);
  }

  /** The database when it is a shared PostgreSQL, else null (counted in memory). */
  private shared(): Database | null {
    const handle = getDatabaseHandle();
    return handle.driver === "postgres" ? handle.db : null;
  }

  /** Seconds until the key may try again, from what this process knows: no query. */
  knownRetryAfterSeconds(key: string, now: Date): number {
    if (!this.shared()) return this.memory.retryAfterSeconds(key, now);
    const until = this.blocked.get(key);
    if (until === undefined) return 0;
    if (until > now.getTime()) return secondsUntil(until, now);
    this.blocked.delete(key);
    return 0;
  }

  /** Seconds until the key may try again, or 0 when it is under the limit, counting every instance. */
  async retryAfterSeconds(key: string, now: Date): Promise<number> {
    const db = this.shared();
    if (!db) return this.memory.retryAfterSeconds(key, now);
    const counted = await readFailures(db, { limiter: this.name, key: storedKey(key), now, windowMs: this.windowMs });
    if (!counted || counted.failures < this.limit) return 0;
    this.block(key, counted.endsAt.getTime());
    return secondsUntil(counted.endsAt.getTime(), now);
  }

  /** Counts one failure of the key. */
  async recordFailure(key: string, now: Date): Promise<FailureOutcome> {
    const db = this.shared();
    if (!db) {
      const retryAfterSeconds = this.memory.retryAfterSeconds(key, now);
      return { startsBurst: this.memory.recordFailure(key, now), retryAfterSeconds };
    }
    const counted = await this.countInDatabase(db, key, now);
    const endsAtMs = counted.endsAt.getTime();
    return {
      startsBurst: counted.failures === this.limit,
      retryAfterSeconds: counted.failures > this.limit ? secondsUntil(endsAtMs, now) : 0,
    };
  }

  /**
   * Takes one attempt from the key's budget before the check it pays for (a password's argon2), so
   * that concurrent checks, here and on other instances, never exceed the budget: each taken
   * attempt is counted at once and atomically, and one past the limit is refused (and not kept).
   * A taken attempt counts as a failure unless given back (`giveBack`) when the check succeeds.
   */
  async take(key: string, now: Date): Promise<TakeOutcome> {
    const db = this.shared();
    if (!db) {
      const failures = this.memory.take(key, now);
      if (failures === null) return { retryAfterSeconds: this.memory.retryAfterSeconds(key, now) };
      return { attempt: { key, failures, atMs: now.getTime(), windowStartedAt: null } };
    }
    const counted = await this.countInDatabase(db, key, now);
    const endsAtMs = counted.endsAt.getTime();
    const attempt: Attempt = {
      key,
      failures: counted.failures,
      atMs: now.getTime(),
      windowStartedAt: new Date(endsAtMs - this.windowMs),
    };
    if (counted.failures <= this.limit) return { attempt };
    // Past the limit: refused, and not kept, so the count stays the failures that were checked.
    await this.uncount(db, attempt);
    return { retryAfterSeconds: secondsUntil(endsAtMs, now) };
  }

  /** Counts one more for the key on PostgreSQL; a key at its limit is remembered as blocked here. */
  private async countInDatabase(db: Database, key: string, now: Date) {
    await this.cleanUp(db, now);
    const counted = await incrementFailures(db, {
      limiter: this.name,
      key: storedKey(key),
      now,
      windowMs: this.windowMs,
    });
    if (counted.failures >= this.limit) this.block(key, counted.endsAt.getTime());
    return counted;
  }

  /** Gives back an attempt whose check succeeded: it is no failure. */
  async giveBack(attempt: Attempt): Promise<void> {
    const db = this.shared();
    if (!db) return this.memory.giveBack(attempt.key, attempt.atMs);
    // Back under the limit, maybe: the next attempt learns it from the count.
    this.blocked.delete(attempt.key);
    await this.uncount(db, attempt);
  }

  private async uncount(db: Database, attempt: Attempt): Promise<void> {
    if (!attempt.windowStartedAt) return;
    await decrementFailures(db, {
      limiter: this.name,
      key: storedKey(attempt.key),
      windowStartedAt: attempt.windowStartedAt,
    });
  }

  /** The attempt's check failed: whether this failure starts a burst (the key reached its limit), audited once. */
  startsBurst(attempt: Attempt): boolean {
    if (attempt.failures < this.limit) return false;
    // PostgreSQL's windows are fixed: one attempt per window reaches exactly the limit.
    return attempt.windowStartedAt ? attempt.failures === this.limit : this.memory.markBurst(attempt.key);
  }

  /** Forgets every count (tests). */
  async clear(): Promise<void> {
    this.memory.clear();
    this.blocked.clear();
    this.lastCleanupMs = 0;
    const db = this.shared();
    if (db) await deleteFailures(db, this.name);
  }

  private block(key: string, untilMs: number): void {
    this.blocked.delete(key); // re-insert so Map order tracks recency, bounded like the memory counts
    this.blocked.set(key, untilMs);
    if (this.blocked.size > this.maxKeys) {
      const oldest = this.blocked.keys().next().value;
      if (oldest !== undefined) this.blocked.delete(oldest);
    }
  }

  /** Ended windows are removed at most once a window per process, by a failure (never a success). */
  private async cleanUp(db: Database, now: Date): Promise<void> {
    if (Math.abs(now.getTime() - this.lastCleanupMs) < this.windowMs) return;
    this.lastCleanupMs = now.getTime();
    await deleteEndedWindows(db, this.name, now, this.windowMs);
  }
}

// Shared across the two module copies in the server process (see db/client.ts), like the database.
const LIMITERS = Symbol.for("tokensmith.rateLimiters");
interface Limiters {
  /** Failed passwords per login and address. */
  password: RateLimiter;
  /** Failed passwords per address, whatever the logins: one address cannot spread guesses over logins. */
  passwordAddress: RateLimiter;
  /** Failed tokens per address. */
  token: RateLimiter;
  /** Leak reports (POST /api/credentials/revoke) per address, every request counted. */
  leakReport: RateLimiter;
}
type Holder = { [LIMITERS]?: Limiters };

/**
 * The limits: 10 failed password attempts per login and address in 15 minutes, 30 per address in
 * 15 minutes whatever the logins, 300 failed tokens per address a minute, 60 leak reports per
 * address an hour. Every key holds the
 * address as rateLimitKeyOf gives it.
 */
export function rateLimiters(): Limiters {
  const holder = globalThis as Holder;
  holder[LIMITERS] ??= {
    password: new RateLimiter("password", 10, 15 * 60_000),
    passwordAddress: new RateLimiter("password_address", 30, 15 * 60_000),
    token: new RateLimiter("token", 300, 60_000),
    leakReport: new RateLimiter("leak_report", 60, 60 * 60_000),
  };
  return holder[LIMITERS];
}

// Parsing an address costs several µs and every token request asks (its client keeps its address):
// the answers of the latest addresses are kept. The answer depends on the address alone.
const KEYS_OF_ADDRESSES = new Map<string, string>();
export const MAX_REMEMBERED_ADDRESSES = 10_000;

/**
 * What a client address counts as in every limiter: an IPv4 address as itself, also when written
 * IPv4-mapped (`::ffff:192.0.2.1`); an IPv6 address by its /64, since one line or host gets a whole
 * /64 and could otherwise take a fresh address for each guess. Anything else (`unknown`) as it is.
 */
export function rateLimitKeyOf(address: string): string {
  let key = KEYS_OF_ADDRESSES.get(address);
  if (key === undefined) {
    key = keyOfAddress(address);
    // Bounded like the limiters: the oldest answer goes first.
    if (KEYS_OF_ADDRESSES.size >= MAX_REMEMBERED_ADDRESSES) {
      const oldest = KEYS_OF_ADDRESSES.keys().next().value;
      if (oldest !== undefined) KEYS_OF_ADDRESSES.delete(oldest);
    }
    KEYS_OF_ADDRESSES.set(address, key);
  }
  return key;
}

function keyOfAddress(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const ip = ipaddr.process(address);
  if (ip instanceof ipaddr.IPv4) return ip.toString();
  const [a = 0, b = 0, c = 0, d = 0] = ip.parts;
  return `${new ipaddr.IPv6([a, b, c, d, 0, 0, 0, 0]).toString()}/64`;
}

export const passwordKey = (login: string, clientIp: string) => `${login.toLowerCase()}|${rateLimitKeyOf(clientIp)}`;
