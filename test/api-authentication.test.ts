import { eq } from "drizzle-orm";
import { decode, encode } from "next-auth/jwt";
import { describe, expect, it, vi } from "vitest";
import { insertToken } from "@/db/queries/tokens";
import { agentApps, projects, tokens, users } from "@/db/schema";
import { clock } from "@/lib/clock";
import { checksum, generateTokenValue, hashToken } from "@/lib/tokens/format";
import { api, apiSuite, errorMessage, generateWithPassword, isValid, issueToken, type Credentials } from "./api";
import { testDatabases } from "./databases";

describe.each(testDatabases())("Web API authentication on $name", (target) => {
  const suite = apiSuite(target);

  describe("missing or bad credentials", () => {
    const cases: [string, Credentials | undefined][] = [
      ["no credentials", undefined],
      ["a garbage bearer token", { bearer: "not-a-token" }],
      ["a well-formed unknown token", { bearer: generateTokenValue("user") }],
      ["a wrong password", { login: "alice", password: "wrong password" }],
      ["an unknown login", { login: "nobody", password: "some password" }],
      ["Basic without a colon", { header: `Basic ${Buffer.from("alice").toString("base64")}` }],
      ["an unsupported scheme", { header: "Digest username=alice" }],
      ["an empty bearer", { header: "Bearer" }],
    ];

    it.each(cases)("answer 401 with the error shape to %s", async (_case, auth) => {
      for (const res of [
        await api.generate({ auth, form: { name: "x" } }),
        await api.revoke({ auth, form: { name: "x" } }),
        await api.search({ auth }),
      ]) {
        expect(res.status).toBe(401);
        expect((await errorMessage(res)).length).toBeGreaterThan(0);
      }
      expect(await suite.db.select().from(tokens)).toEqual([]);
    });
  });

  describe("session cookie", () => {
    it("does not authenticate the Web API, even a genuine session", async () => {
      const secret = "test-session-secret";
      const session = await encode({ token: { sub: suite.users.alice.user.id }, secret });
      expect((await decode({ token: session, secret }))?.sub).toBe(suite.users.alice.user.id);
      const cookie = `next-auth.session-token=${session}; __Secure-next-auth.session-token=${session}`;
      const previous = process.env.NEXTAUTH_SECRET;
      process.env.NEXTAUTH_SECRET = secret;
      try {
        const generate = await api.generate({ headers: { cookie }, form: { name: "via-cookie" } });
        expect(generate.status).toBe(401);
        const search = await api.search({ headers: { cookie } });
        expect(search.status).toBe(401);
        const validate = await api.validate({ headers: { cookie } });
        expect(await validate.json()).toEqual({ valid: false });
      } finally {
        if (previous === undefined) delete process.env.NEXTAUTH_SECRET;
        else process.env.NEXTAUTH_SECRET = previous;
      }
      expect(await suite.db.select().from(tokens)).toEqual([]);
    });
  });

  describe("malformed tokens", () => {
    it("are refused on their checksum alone, whatever the database holds", async () => {
      // A stored row for a well-shaped value whose checksum is wrong: a lookup would find it.
      const body = generateTokenValue("user").slice(0, -6);
      const good = body + checksum(body);
      const forged = body + (good.endsWith("000000") ? "000001" : "000000");
      for (const [name, value] of [
        ["forged", forged],
        ["good", good],
      ] as const) {
        await insertToken(suite.db, {
          kind: "user",
          name,
          userId: suite.users.alice.user.id,
          tokenHash: hashToken(value),
          hint: value.slice(-4),
          createdAt: clock.now(),
        });
      }
      expect(await isValid(forged)).toBe(false);
      expect(await isValid(good)).toBe(true);
    });

    it("never reach the database, while a well-formed one is looked up", async () => {
      // Every statement goes through the driver's own entry point, however it was built.
      const client = (suite.db as unknown as { $client: { execProtocolStream: () => unknown; unsafe: () => unknown } })
        .$client;
      const select = vi.spyOn(client, suite.handle.driver === "pglite" ? "execProtocolStream" : "unsafe");
      try {
        const wellFormed = generateTokenValue("user");
        const badChecksum = `${wellFormed.slice(0, -1)}${wellFormed.endsWith("0") ? "1" : "0"}`;
        for (const malformed of [badChecksum, "garbage", "tsu_short", `${wellFormed}x`]) {
          expect(await isValid(malformed)).toBe(false);
        }
        // On PostgreSQL each failure is counted there (the shared rate limit): that statement only.
        const lookups = () =>
          (select.mock.calls as unknown[][]).filter(
            ([query]) => typeof query !== "string" || !query.includes("rate_limit_counters"),
          );
        expect(lookups()).toHaveLength(0);
        expect(await isValid(wellFormed)).toBe(false);
        expect(lookups().length).toBeGreaterThan(0);
      } finally {
        select.mockRestore();
      }
    });
  });

  describe("tokens that are not user tokens", () => {
    async function issueAll() {
      const alice = suite.users.alice.user.id;
      const [project] = await suite.db.insert(projects).values({ key: "p", name: "P" }).returning();
      const [app] = await suite.db.insert(agentApps).values({ name: "bot", createdByLogin: "root" }).returning();
      if (!project || !app) throw new Error("insert returned no row");
      // Agent tokens authenticate only while their user allows agent apps.
      await suite.db.update(users).set({ allowAgentApps: true }).where(eq(users.id, alice));
      return {
        global_analysis: await issueToken(suite.db, { kind: "global_analysis", name: "g", userId: alice }),
        project_analysis: await issueToken(suite.db, {
          kind: "project_analysis",
          name: "p",
          userId: alice,
          projectId: project.id,
        }),
        organization: await issueToken(suite.db, { kind: "organization", name: "o" }),
        agent: await issueToken(suite.db, { kind: "agent", name: "a", userId: alice, agentAppId: app.id }),
        agent_app: await issueToken(suite.db, { kind: "agent_app", name: "x", agentAppId: app.id }),
      };
    }

    it("validate, but may not generate or revoke tokens (403 Insufficient privileges)", async () => {
      const issued = await issueAll();
      await generateWithPassword(suite.users.alice, "keep");
      for (const [kind, token] of Object.entries(issued)) {
        expect(await isValid(token), kind).toBe(true);
        const generate = await api.generate({ auth: { bearer: token }, form: { name: `new-${kind}` } });
        expect(generate.status, kind).toBe(403);
        expect(await errorMessage(generate)).toBe("Insufficient privileges");
        const revoke = await api.revoke({ auth: { bearer: token }, form: { name: "keep", login: "alice" } });
        expect(revoke.status, kind).toBe(403);
      }
      const names = await suite.db.select({ name: tokens.name }).from(tokens).where(eq(tokens.name, "keep"));
      expect(names).toHaveLength(1);
      expect(await suite.db.select().from(tokens)).toHaveLength(6);
    });

    it("only an agent token acts as its user elsewhere, e.g. on search", async () => {
      const issued = await issueAll();
      const agent = await api.search({ auth: { bearer: issued.agent } });
      expect(agent.status).toBe(200);
      expect(((await agent.json()) as { login: string }).login).toBe("alice");
      for (const kind of ["global_analysis", "project_analysis", "organization", "agent_app"] as const) {
        const res = await api.search({ auth: { bearer: issued[kind] } });
        expect(res.status, kind).toBe(403);
        expect(await errorMessage(res)).toBe("Insufficient privileges");
      }
    });
  });
});
