import ipaddr from "ipaddr.js";

/** A key's recent failures, and whether they already made a burst (reached the limit). */
interface KeyFailures {
  times: number[];
  burst: boolean;
}

/**
 * Counts failures per key in a sliding window, in this process's memory. Bounded: the oldest keys
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
    this.failures.delete(key); // re-insert so Map order tracks recency
    this.failures.set(key, { times, burst: entry.burst || startsBurst });
    if (this.failures.size > this.maxKeys) {
      const oldestKey = this.failures.keys().next().value;
      if (oldestKey !== undefined) this.failures.delete(oldestKey);
    }
    return startsBurst;
  }

  clear(): void {
    this.failures.clear();
  }
}

// Shared across the two module copies in the server process (see db/client.ts), like the database.
const LIMITERS = Symbol.for("tokensmith.rateLimiters");
interface Limiters {
  /** Failed passwords per login and address. */
  password: FailureLimiter;
  /** Failed passwords per address, whatever the logins: one address cannot spread guesses over logins. */
  passwordAddress: FailureLimiter;
  /** Failed tokens per address. */
  token: FailureLimiter;
  /** Leak reports (POST /api/credentials/revoke) per address, every request counted. */
  leakReport: FailureLimiter;
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
    password: new FailureLimiter(10, 15 * 60_000),
    passwordAddress: new FailureLimiter(30, 15 * 60_000),
    token: new FailureLimiter(300, 60_000),
    leakReport: new FailureLimiter(60, 60 * 60_000),
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
