import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { setDatabase, type DatabaseHandle } from "@/db/client";
import { testDatabases, useTestDatabase } from "@/test/databases";
import { refusePasswordWithoutCheck } from "./password-fast-refusal";
import { passwordGate } from "./password-gate";
import { passwordKey, rateLimitKeyOf, rateLimiters } from "./rate-limit";

const NOW = new Date("2030-01-01T00:00:00Z");
const ADDRESS = "203.0.113.9";
const basic = (login: string, password: string) => `Basic ${Buffer.from(`${login}:${password}`).toString("base64")}`;
const validate = (authorization: string | undefined, clientIp = ADDRESS, url = "/api/authentication/validate") =>
  refusePasswordWithoutCheck({ url, authorization, clientIp }, NOW);

/** Holds every slot and queue place of the process's password gate until released. */
function fillPasswordGate() {
  const gate = passwordGate();
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  const running = Array.from({ length: gate.capacity }, () => gate.run(() => held));
  return async () => {
    release();
    await Promise.all(running);
  };
}

describe.each(testDatabases())("password requests refused before Next.js, on $name", (target) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await useTestDatabase(target);
  });
  afterAll(async () => {
    setDatabase(undefined);
    await handle?.close();
  });
  beforeEach(async () => {
    const limiters = rateLimiters();
    await Promise.all([limiters.password.clear(), limiters.passwordAddress.clear()]);
  });

  it("lets password requests through while the address and the gate have room", () => {
    expect(validate(basic("alice", "wrong"))).toBeNull();
  });

  it("refuses with 429 and Retry-After an address over its password limit, whatever the login", async () => {
    for (let i = 0; i < 30; i++) {
      await rateLimiters().passwordAddress.recordFailure(rateLimitKeyOf(ADDRESS), NOW);
    }
    const refused = validate(basic(`guess-${Math.random()}`, "wrong"));
    expect(refused?.status).toBe(429);
    expect(refused?.retryAfterSeconds).toBe(15 * 60);
    expect(refused?.message).toMatch(/Too many failed sign-in attempts/);
    // Another address is not.
    expect(validate(basic("alice", "wrong"), "203.0.113.10")).toBeNull();
  });

  it("refuses with 429 a login over its limit from this address, not other logins", async () => {
    for (let i = 0; i < 10; i++) await rateLimiters().password.recordFailure(passwordKey("alice", ADDRESS), NOW);
    expect(validate(basic("ALICE", "right-or-wrong"))?.status).toBe(429);
    expect(validate(basic("bob", "wrong"))).toBeNull();
  });

  it("refuses with 503 and Retry-After while the password gate is full, and not once it drains", async () => {
    const drain = fillPasswordGate();
    try {
      const refused = validate(basic("alice", "wrong"));
      expect(refused?.status).toBe(503);
      expect(refused?.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    } finally {
      await drain();
    }
    expect(validate(basic("alice", "wrong"))).toBeNull();
  });

  it("leaves alone tokens (also as a Basic login), no credentials, and routes that never read the header", async () => {
    for (let i = 0; i < 30; i++) {
      await rateLimiters().passwordAddress.recordFailure(rateLimitKeyOf(ADDRESS), NOW);
    }
    expect(validate("Bearer tks_whatever")).toBeNull();
    expect(validate(basic("tks_whatever", ""))).toBeNull();
    expect(validate(undefined)).toBeNull();
    expect(validate(basic("alice", "wrong"), ADDRESS, "/api/auth/callback/credentials")).toBeNull();
    expect(validate(basic("alice", "wrong"), ADDRESS, "/account")).toBeNull();
    expect(validate(basic("alice", "wrong"), ADDRESS, "/api/user_tokens/search")?.status).toBe(429);
  });
});
