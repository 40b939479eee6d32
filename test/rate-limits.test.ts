import { describe, expect, it } from "vitest";
import { authOptions } from "@/lib/auth/options";
import { passwordGate } from "@/lib/auth/password-gate";
import { CLIENT_IP_HEADER } from "@/lib/client-ip";
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
  // Every failed password is a full argon2 check, deliberately slow: these tests make dozens.
  const MANY_PASSWORDS = { timeout: 120_000 };
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

  it("counts only failed passwords: right ones in between use none of the budget", MANY_PASSWORDS, async () => {
    const { alice } = suite.users;
    const attempt = (password: string) => api.validate({ auth: { login: "alice", password }, ip: ATTACKER });
    for (let i = 0; i < 9; i++) expect(await (await attempt(`wrong-${i}`)).json()).toEqual({ valid: false });
    for (let i = 0; i < 5; i++) expect(await (await attempt(alice.password)).json()).toEqual({ valid: true });
    expect(await (await attempt("wrong-10")).json()).toEqual({ valid: false });
    await expectTooMany(await attempt(alice.password), 15 * 60);
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

  it("blocks an address after 30 failed passwords in 15 minutes, whatever the logins", MANY_PASSWORDS, async () => {
    const { alice } = suite.users;
    for (let i = 0; i < 30; i++) {
      // A fresh login each time, as a guesser spreading over logins would: no login reaches its own limit.
      const res = await api.validate({ auth: { login: `guess-${i}`, password: "wrong" }, ip: ATTACKER });
      expect(await res.json(), `attempt ${i + 1}`).toEqual({ valid: false });
    }
    await expectTooMany(await api.validate({ auth: { login: "guess-30", password: "wrong" }, ip: ATTACKER }), 15 * 60);
    await expectTooMany(await api.generate({ auth: passwordOf(alice), form: { name: "x" }, ip: ATTACKER }), 15 * 60);

    // Tokens from that address, and passwords from another one, are not limited.
    const { token } = await generateWithPassword(alice, "real");
    expect(await (await api.validate({ auth: { bearer: token }, ip: ATTACKER })).json()).toEqual({ valid: true });
    expect((await api.generate({ auth: passwordOf(alice), form: { name: "a" }, ip: OTHER })).status).toBe(200);

    advance(15 * 60_000);
    expect((await api.generate({ auth: passwordOf(alice), form: { name: "b" }, ip: ATTACKER })).status).toBe(200);
  });

  it(
    "counts an IPv6 address by its /64: a fresh address in it for each guess gains nothing",
    MANY_PASSWORDS,
    async () => {
      const { alice, bob } = suite.users;
      const inLine = (i: number) => `2001:db8:66:1:${i.toString(16)}::${((i * 7919) % 65536).toString(16)}`;
      for (let i = 0; i < 10; i++) {
        const res = await api.validate({ auth: { login: "alice", password: `wrong-${i}` }, ip: inLine(i) });
        expect(await res.json()).toEqual({ valid: false });
      }
      await expectTooMany(await api.validate({ auth: passwordOf(alice), ip: "2001:db8:66:1:ffff::1" }), 15 * 60);
      // The next /64 is another client.
      expect(
        (await api.generate({ auth: passwordOf(alice), form: { name: "x" }, ip: "2001:db8:66:2::1" })).status,
      ).toBe(200);

      const { token } = await generateWithPassword(bob, "real", {});
      for (let i = 0; i < 300; i++) await api.validate({ auth: { bearer: `bad-${i}` }, ip: inLine(i) });
      await expectTooMany(await api.validate({ auth: { bearer: token }, ip: "2001:db8:66:1::abcd" }), 60);
      expect(await (await api.validate({ auth: { bearer: token }, ip: "2001:db8:66:2::1" })).json()).toEqual({
        valid: true,
      });
    },
  );

  it("counts an IPv4-mapped IPv6 address as the IPv4 address", MANY_PASSWORDS, async () => {
    for (let i = 0; i < 10; i++) {
      const ip = i % 2 === 0 ? "::ffff:203.0.113.66" : ATTACKER;
      await api.validate({ auth: { login: "alice", password: `wrong-${i}` }, ip });
    }
    await expectTooMany(await api.validate({ auth: passwordOf(suite.users.alice), ip: ATTACKER }), 15 * 60);
  });

  it("answers a password request 503 at once while the password checks are full, and a token request still works", async () => {
    const { alice } = suite.users;
    const { token } = await generateWithPassword(alice, "real");
    // Fill every running and waiting place with checks that finish only when the test says so.
    const gate = passwordGate();
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const holders = Array.from({ length: gate.capacity }, () => gate.run(() => held));
    try {
      for (const res of [
        await api.validate({ auth: passwordOf(alice) }),
        await api.generate({ auth: passwordOf(alice), form: { name: "during" } }),
      ]) {
        expect(res.status).toBe(503);
        expect(Number(res.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
        expect(await errorMessage(res)).toMatch(/busy/);
      }
      // The sign-in form is told the same, in words.
      type Authorize = (c: Record<string, string>, req: { headers: Record<string, string> }) => Promise<unknown>;
      const provider = authOptions.providers[0] as unknown as { options: { authorize: Authorize } };
      await expect(
        provider.options.authorize(
          { login: "alice", password: alice.password },
          { headers: { [CLIENT_IP_HEADER]: OTHER } },
        ),
      ).rejects.toThrow(/busy checking other sign-ins/);

      expect(await (await api.validate({ auth: { bearer: token } })).json()).toEqual({ valid: true });
      expect((await api.search({ auth: { bearer: token } })).status).toBe(200);
    } finally {
      release();
      await Promise.all(holders);
    }
    // A refusal is not a failed attempt, and once the checks drain passwords work again.
    expect((await api.generate({ auth: passwordOf(alice), form: { name: "after" } })).status).toBe(200);
  });
});
