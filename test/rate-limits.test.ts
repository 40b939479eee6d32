import { describe, expect, it } from "vitest";
import { generateTokenValue } from "@/lib/tokens/format";
import { advance, api, apiSuite, errorMessage, generateWithPassword, passwordOf } from "./api";
import { testDatabases } from "./databases";

async function expectTooMany(res: Response, maxSeconds: number) {
  expect(res.status).toBe(429);
  const retryAfter = Number(res.headers.get("retry-after"));
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(maxSeconds);
  expect((await errorMessage(res)).length).toBeGreaterThan(0);
}

describe.each(testDatabases())("rate limits on $name", (target) => {
  const suite = apiSuite(target);
  const ATTACKER = "203.0.113.66";
  const OTHER = "203.0.113.77";

  it("blocks a login from an address after 10 failed passwords, even with the right one", async () => {
    const { alice, bob } = suite.users;
    for (let i = 0; i < 10; i++) {
      const res = await api.generate({
        auth: { login: "alice", password: `wrong-${i}` },
        form: { name: "x" },
        ip: ATTACKER,
      });
      expect(res.status, `attempt ${i + 1}`).toBe(401);
    }
    await expectTooMany(await api.generate({ auth: passwordOf(alice), form: { name: "x" }, ip: ATTACKER }), 15 * 60);
    await expectTooMany(await api.validate({ auth: passwordOf(alice), ip: ATTACKER }), 15 * 60);
    await expectTooMany(await api.search({ auth: { login: "ALICE", password: "x" }, ip: ATTACKER }), 15 * 60);

    // Another address, or another login from this address, is not limited.
    expect((await api.generate({ auth: passwordOf(alice), form: { name: "a" }, ip: OTHER })).status).toBe(200);
    expect((await api.generate({ auth: passwordOf(bob), form: { name: "b" }, ip: ATTACKER })).status).toBe(200);

    advance(15 * 60_000);
    expect((await api.generate({ auth: passwordOf(alice), form: { name: "c" }, ip: ATTACKER })).status).toBe(200);
  });

  it("blocks an address after 300 failed tokens in a minute, on validate too", async () => {
    const { token } = await generateWithPassword(suite.users.alice, "real");
    for (let i = 0; i < 300; i++) {
      // Malformed and well-formed unknown tokens both count.
      const presented = i % 10 === 0 ? generateTokenValue("user") : `garbage-${i}`;
      const res = await api.validate({ auth: { bearer: presented }, ip: ATTACKER });
      expect(res.status, `attempt ${i + 1}`).toBe(200);
      expect(await res.json()).toEqual({ valid: false });
    }
    await expectTooMany(await api.validate({ auth: { bearer: token }, ip: ATTACKER }), 60);
    await expectTooMany(await api.search({ auth: { basicToken: token }, ip: ATTACKER }), 60);
    await expectTooMany(await api.generate({ auth: { bearer: token }, form: { name: "n" }, ip: ATTACKER }), 60);

    const other = await api.validate({ auth: { bearer: token }, ip: OTHER });
    expect(await other.json()).toEqual({ valid: true });

    advance(60_000);
    const later = await api.validate({ auth: { bearer: token }, ip: ATTACKER });
    expect(await later.json()).toEqual({ valid: true });
  });

  it("counts failed token attempts on every endpoint", async () => {
    const { token } = await generateWithPassword(suite.users.alice, "real");
    for (let i = 0; i < 300; i++) {
      const res = await api.search({ auth: { bearer: `bad-${i}` }, ip: ATTACKER });
      expect(res.status).toBe(401);
    }
    await expectTooMany(await api.validate({ auth: { bearer: token }, ip: ATTACKER }), 60);
  });
});
