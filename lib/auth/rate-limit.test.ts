import { describe, expect, it } from "vitest";
import ipaddr from "ipaddr.js";
import { FailureLimiter, MAX_REMEMBERED_ADDRESSES, passwordKey, rateLimitKeyOf, rateLimiters } from "./rate-limit";

const t0 = new Date("2026-03-10T12:00:00Z").getTime();
const at = (ms: number) => new Date(t0 + ms);

describe("FailureLimiter", () => {
  it("lets a key through until it reaches the limit", () => {
    const limiter = new FailureLimiter(3, 60_000);
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfterSeconds("k", at(i * 1000))).toBe(0);
      limiter.recordFailure("k", at(i * 1000));
    }
    expect(limiter.retryAfterSeconds("k", at(2000))).toBeGreaterThan(0);
  });

  it("answers the seconds until the oldest counted failure leaves the window", () => {
    const limiter = new FailureLimiter(3, 60_000);
    limiter.recordFailure("k", at(0));
    limiter.recordFailure("k", at(10_000));
    limiter.recordFailure("k", at(20_000));
    expect(limiter.retryAfterSeconds("k", at(30_000))).toBe(30);
    expect(limiter.retryAfterSeconds("k", at(59_500))).toBe(1);
    expect(limiter.retryAfterSeconds("k", at(59_999))).toBe(1);
  });

  it("slides: old failures stop counting once they leave the window", () => {
    const limiter = new FailureLimiter(3, 60_000);
    limiter.recordFailure("k", at(0));
    limiter.recordFailure("k", at(10_000));
    limiter.recordFailure("k", at(20_000));
    expect(limiter.retryAfterSeconds("k", at(60_000))).toBe(0);
    limiter.recordFailure("k", at(60_000));
    // Failures at 10 s, 20 s and 60 s are in the window: blocked until the one at 10 s leaves.
    expect(limiter.retryAfterSeconds("k", at(60_000))).toBe(10);
    expect(limiter.retryAfterSeconds("k", at(70_000))).toBe(0);
  });

  it("counts keys separately", () => {
    const limiter = new FailureLimiter(2, 60_000);
    limiter.recordFailure("a", at(0));
    limiter.recordFailure("a", at(0));
    expect(limiter.retryAfterSeconds("a", at(1000))).toBeGreaterThan(0);
    expect(limiter.retryAfterSeconds("b", at(1000))).toBe(0);
  });

  it("keeps at most maxKeys keys, dropping the least recently failed", () => {
    const limiter = new FailureLimiter(1, 60_000, 3);
    for (const key of ["a", "b", "c"]) limiter.recordFailure(key, at(0));
    limiter.recordFailure("a", at(1000)); // "a" is now the most recent
    limiter.recordFailure("d", at(2000));
    expect(limiter.retryAfterSeconds("b", at(3000))).toBe(0);
    for (const key of ["a", "c", "d"]) expect(limiter.retryAfterSeconds(key, at(3000)), key).toBeGreaterThan(0);
  });

  it("reports the start of a burst once: when the key first reaches the limit", () => {
    const limiter = new FailureLimiter(3, 60_000);
    expect([0, 1000, 2000].map((ms) => limiter.recordFailure("k", at(ms)))).toEqual([false, false, true]);
    // Still failing after the wait, within the window of earlier failures: the same burst.
    expect(limiter.recordFailure("k", at(61_000))).toBe(false);
    expect(limiter.recordFailure("other", at(61_000))).toBe(false);
  });

  it("starts a new burst only after every failure of the last one left the window", () => {
    const limiter = new FailureLimiter(2, 60_000);
    limiter.recordFailure("k", at(0));
    expect(limiter.recordFailure("k", at(1000))).toBe(true);
    expect(limiter.recordFailure("k", at(60_500))).toBe(false);
    // At 121 s nothing is left in the window (last failure at 60.5 s): a fresh start.
    expect(limiter.recordFailure("k", at(121_000))).toBe(false);
    expect(limiter.recordFailure("k", at(122_000))).toBe(true);
  });

  it("forgets everything on clear()", () => {
    const limiter = new FailureLimiter(1, 60_000);
    limiter.recordFailure("k", at(0));
    limiter.clear();
    expect(limiter.retryAfterSeconds("k", at(0))).toBe(0);
  });
});

describe("rateLimiters", () => {
  it("has the documented limits: 10 passwords per login and address and 30 per address in 15 minutes, 300 tokens per minute", () => {
    const { password, passwordAddress, token } = rateLimiters();
    expect([password.limit, password.windowMs]).toEqual([10, 15 * 60_000]);
    expect([passwordAddress.limit, passwordAddress.windowMs]).toEqual([30, 15 * 60_000]);
    expect([token.limit, token.windowMs]).toEqual([300, 60_000]);
  });

  it("is one shared set of limiters", () => {
    expect(rateLimiters().token).toBe(rateLimiters().token);
  });

  it("keys password failures by login (any case) and address", () => {
    expect(passwordKey("Alice", "10.0.0.1")).toBe(passwordKey("alice", "10.0.0.1"));
    expect(passwordKey("alice", "10.0.0.1")).not.toBe(passwordKey("alice", "10.0.0.2"));
    expect(passwordKey("alice", "10.0.0.1")).not.toBe(passwordKey("bob", "10.0.0.1"));
  });

  it("keys password failures by the /64 of an IPv6 address", () => {
    expect(passwordKey("alice", "2001:db8:1:2::1")).toBe(passwordKey("alice", "2001:db8:1:2:ffff::9"));
    expect(passwordKey("alice", "2001:db8:1:2::1")).not.toBe(passwordKey("alice", "2001:db8:1:3::1"));
  });
});

describe("rateLimitKeyOf", () => {
  it("keeps an IPv4 address as it is", () => {
    expect(rateLimitKeyOf("192.0.2.1")).toBe("192.0.2.1");
    expect(rateLimitKeyOf("192.0.2.1")).not.toBe(rateLimitKeyOf("192.0.2.2"));
  });

  it("counts an IPv4-mapped IPv6 address as the IPv4 address, however it is written", () => {
    expect(rateLimitKeyOf("::ffff:192.0.2.1")).toBe("192.0.2.1");
    expect(rateLimitKeyOf("::FFFF:c000:201")).toBe("192.0.2.1");
  });

  it("counts an IPv6 address by its /64, whatever its spelling", () => {
    const key = rateLimitKeyOf("2001:db8:aa:bb:1:2:3:4");
    expect(key).toBe("2001:db8:aa:bb::/64");
    for (const same of ["2001:db8:aa:bb::", "2001:DB8:AA:BB:ffff:ffff:ffff:ffff", "2001:0db8:00aa:00bb::9"]) {
      expect(rateLimitKeyOf(same), same).toBe(key);
    }
    expect(rateLimitKeyOf("2001:db8:aa:bc::1")).not.toBe(key);
    expect(rateLimitKeyOf("fe80::1%eth0")).toBe("fe80::/64");
  });

  it("leaves what is no address as it is", () => {
    expect(rateLimitKeyOf("unknown")).toBe("unknown");
  });

  it("answers the same for an address after more addresses than it remembers have come and gone", () => {
    expect(rateLimitKeyOf("::ffff:198.51.100.7")).toBe("198.51.100.7");
    for (let i = 0; i <= MAX_REMEMBERED_ADDRESSES; i++) {
      const address = new ipaddr.IPv6([0x2001, 0xdb8, i >> 8, i & 255, 0, 0, 0, 1]).toString();
      const net = new ipaddr.IPv6([0x2001, 0xdb8, i >> 8, i & 255, 0, 0, 0, 0]).toString();
      expect(rateLimitKeyOf(address)).toBe(`${net}/64`);
    }
    expect(rateLimitKeyOf("::ffff:198.51.100.7")).toBe("198.51.100.7");
    expect(rateLimitKeyOf("2001:db8:0:0::9")).toBe("2001:db8::/64");
  });
});
