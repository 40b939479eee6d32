/**
 * Counts failures per key in a sliding window, in this process's memory. Bounded: the oldest keys
 * are dropped past `maxKeys`, so a flood of distinct keys cannot exhaust memory.
 */
export class FailureLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly maxKeys = 100_000,
  ) {}

  private recent(key: string, now: number): number[] {
    const times = this.failures.get(key);
    if (!times) return [];
    const kept = times.filter((t) => now - t < this.windowMs);
    if (kept.length === 0) this.failures.delete(key);
    else this.failures.set(key, kept);
    return kept;
  }

  /** Seconds until the key may try again, or 0 when it is under the limit. */
  retryAfterSeconds(key: string, now: Date): number {
    const times = this.recent(key, now.getTime());
    if (times.length < this.limit) return 0;
    const oldest = times[times.length - this.limit] ?? now.getTime();
    return Math.max(1, Math.ceil((oldest + this.windowMs - now.getTime()) / 1000));
  }

  recordFailure(key: string, now: Date): void {
    const times = this.recent(key, now.getTime());
    times.push(now.getTime());
    this.failures.delete(key); // re-insert so Map order tracks recency
    this.failures.set(key, times.slice(-this.limit));
    if (this.failures.size > this.maxKeys) {
      const oldestKey = this.failures.keys().next().value;
      if (oldestKey !== undefined) this.failures.delete(oldestKey);
    }
  }

  clear(): void {
    this.failures.clear();
  }
}

// Shared across the two module copies in the server process (see db/client.ts), like the database.
const LIMITERS = Symbol.for("tokensmith.rateLimiters");
type Holder = { [LIMITERS]?: { password: FailureLimiter; token: FailureLimiter } };

/** SPEC section 4: 10 failed password attempts per login and address in 15 minutes; 300 failed tokens per address a minute. */
export function rateLimiters() {
  const holder = globalThis as Holder;
  holder[LIMITERS] ??= {
    password: new FailureLimiter(10, 15 * 60_000),
    token: new FailureLimiter(300, 60_000),
  };
  return holder[LIMITERS];
}

export const passwordKey = (login: string, clientIp: string) => `${login.toLowerCase()}|${clientIp}`;
