import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { projects, settings, tokens } from "@/db/schema";
import { api, apiSuite, errorMessage, generateWithPassword, isValid, passwordOf, T0, type GenerateBody } from "./api";
import { testDatabases } from "./databases";

describe.each(testDatabases())("POST /api/user_tokens/generate on $name", (target) => {
  const suite = apiSuite(target);
  const tokenNames = async (userId: string) =>
    (await suite.db.select({ name: tokens.name }).from(tokens).where(eq(tokens.userId, userId))).map((r) => r.name);

  describe("authentication and response", () => {
    it("generates with Basic login:password, revealing the token once with no-store", async () => {
      const res = await api.generate({ auth: passwordOf(suite.users.alice), form: { name: "ci" } });
      expect(res.status).toBe(200);
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(res.headers.get("set-cookie")).toBeNull();
      const body = (await res.json()) as GenerateBody;
      expect(Object.keys(body).sort()).toEqual(["createdAt", "login", "name", "token", "type"]);
      expect(body).toMatchObject({ login: "alice", name: "ci", createdAt: T0.toISOString(), type: "USER_TOKEN" });
      expect(body.token).toMatch(/^tsu_[0-9A-Za-z]{38}$/);
      expect(await isValid(body.token)).toBe(true);
    });

    it("generates with a Bearer token and with Basic token:", async () => {
      const { token } = await generateWithPassword(suite.users.alice, "first");
      const viaBearer = await api.generate({ auth: { bearer: token }, form: { name: "second" } });
      expect(viaBearer.status).toBe(200);
      const second = (await viaBearer.json()) as GenerateBody;
      expect(second.login).toBe("alice");
      const viaBasic = await api.generate({ auth: { basicToken: token }, form: { name: "third" } });
      expect(viaBasic.status).toBe(200);
      const third = (await viaBasic.json()) as GenerateBody;
      expect(third.login).toBe("alice");
      expect(new Set([token, second.token, third.token]).size).toBe(3);
      expect(await isValid(second.token)).toBe(true);
      expect(await isValid(third.token)).toBe(true);
      expect((await tokenNames(suite.users.alice.user.id)).sort()).toEqual(["first", "second", "third"]);
    });

    it("includes the expiration date when one is given", async () => {
      const body = await generateWithPassword(suite.users.alice, "short", { expirationDate: "2026-03-11" });
      expect(body.expirationDate).toBe("2026-03-11T00:00:00.000Z");
    });
  });

  describe("name", () => {
    it("is trimmed", async () => {
      const body = await generateWithPassword(suite.users.alice, "  build server \t");
      expect(body.name).toBe("build server");
      expect(await tokenNames(suite.users.alice.user.id)).toEqual(["build server"]);
    });

    it.each([
      ["missing", {}],
      ["empty", { name: "" }],
      ["blank", { name: "   " }],
      ["longer than 100 characters", { name: "x".repeat(101) }],
    ])("is refused with a 400 naming the parameter when %s", async (_case, form) => {
      const res = await api.generate({ auth: passwordOf(suite.users.alice), form });
      expect(res.status).toBe(400);
      expect(await errorMessage(res)).toContain("'name'");
      expect(await tokenNames(suite.users.alice.user.id)).toEqual([]);
    });

    it("may be 100 characters, counted after trimming", async () => {
      const name = "n".repeat(100);
      expect((await generateWithPassword(suite.users.alice, ` ${name} `)).name).toBe(name);
    });

    it("must be unique per owner: a duplicate is refused and changes nothing", async () => {
      const first = await generateWithPassword(suite.users.alice, "deploy");
      const res = await api.generate({ auth: passwordOf(suite.users.alice), form: { name: " deploy " } });
      expect(res.status).toBe(400);
      expect(await errorMessage(res)).toContain("already exists");
      expect(await tokenNames(suite.users.alice.user.id)).toEqual(["deploy"]);
      expect(await isValid(first.token)).toBe(true);
      // Another user may use the same name.
      expect((await generateWithPassword(suite.users.bob, "deploy")).name).toBe("deploy");
    });

    it("is unique across the user's analysis tokens too", async () => {
      await generateWithPassword(suite.users.admin, "scanner");
      const res = await api.generate({
        auth: passwordOf(suite.users.admin),
        form: { name: "scanner", type: "GLOBAL_ANALYSIS_TOKEN" },
      });
      expect(res.status).toBe(400);
      expect(await errorMessage(res)).toContain("already exists");
    });

    it("lets exactly one of ten racing identical requests win", async () => {
      const { token } = await generateWithPassword(suite.users.alice, "auth");
      const responses = await Promise.all(
        Array.from({ length: 10 }, () => api.generate({ auth: { bearer: token }, form: { name: "race" } })),
      );
      const statuses = responses.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 400, 400, 400, 400, 400, 400, 400, 400, 400]);
      for (const res of responses.filter((r) => r.status === 400)) {
        expect(await errorMessage(res)).toContain("already exists");
      }
      expect((await tokenNames(suite.users.alice.user.id)).sort()).toEqual(["auth", "race"]);
    });
  });

  describe("expirationDate", () => {
    it.each(["2026-3-20", "20260320", "2026-03-20T00:00:00Z", "next week", "2027-02-30"])(
      "refuses %j with a 400 naming the parameter",
      async (expirationDate) => {
        const res = await api.generate({ auth: passwordOf(suite.users.alice), form: { name: "t", expirationDate } });
        expect(res.status).toBe(400);
        expect(await errorMessage(res)).toContain("'expirationDate'");
        expect(await tokenNames(suite.users.alice.user.id)).toEqual([]);
      },
    );

    it("must be at least tomorrow (UTC)", async () => {
      const today = await api.generate({
        auth: passwordOf(suite.users.alice),
        form: { name: "t", expirationDate: "2026-03-10" },
      });
      expect(today.status).toBe(400);
      expect(await errorMessage(today)).toContain("at least tomorrow");
      const tomorrow = await generateWithPassword(suite.users.alice, "t", { expirationDate: "2026-03-11" });
      expect(tomorrow.expirationDate).toBe("2026-03-11T00:00:00.000Z");
    });

    it("is required and bounded while a maximum lifetime is set", async () => {
      await suite.db.update(settings).set({ maxTokenLifetimeDays: 30 });
      const missing = await api.generate({ auth: passwordOf(suite.users.alice), form: { name: "a" } });
      expect(missing.status).toBe(400);
      expect(await errorMessage(missing)).toMatch(/'expirationDate'.*2026-04-09/);
      const later = await api.generate({
        auth: passwordOf(suite.users.alice),
        form: { name: "b", expirationDate: "2026-04-10" },
      });
      expect(later.status).toBe(400);
      expect(await errorMessage(later)).toContain("2026-04-09");
      expect(await tokenNames(suite.users.alice.user.id)).toEqual([]);
      const latest = await generateWithPassword(suite.users.alice, "c", { expirationDate: "2026-04-09" });
      expect(latest.expirationDate).toBe("2026-04-09T00:00:00.000Z");
    });
  });

  describe("type", () => {
    it.each(["USER", "user_token", "ORGANIZATION_TOKEN", "toString", "constructor", "__proto__"])(
      "refuses the unknown type %j with a 400 naming the parameter",
      async (type) => {
        const res = await api.generate({ auth: passwordOf(suite.users.admin), form: { name: "t", type } });
        expect(res.status).toBe(400);
        expect(await errorMessage(res)).toContain("'type'");
        expect(await tokenNames(suite.users.admin.user.id)).toEqual([]);
      },
    );

    it("defaults to USER_TOKEN and accepts it explicitly", async () => {
      const body = await generateWithPassword(suite.users.alice, "explicit", { type: "USER_TOKEN" });
      expect(body.type).toBe("USER_TOKEN");
      expect(body.token.startsWith("tsu_")).toBe(true);
    });

    it("refuses GLOBAL_ANALYSIS_TOKEN to a user without Execute Analysis (403)", async () => {
      const res = await api.generate({
        auth: passwordOf(suite.users.alice),
        form: { name: "g", type: "GLOBAL_ANALYSIS_TOKEN" },
      });
      expect(res.status).toBe(403);
      expect(await errorMessage(res)).toBe("Insufficient privileges");
      expect(await tokenNames(suite.users.alice.user.id)).toEqual([]);
    });

    it("generates a global analysis token for an administrator", async () => {
      const body = await generateWithPassword(suite.users.admin, "g", { type: "GLOBAL_ANALYSIS_TOKEN" });
      expect(body.type).toBe("GLOBAL_ANALYSIS_TOKEN");
      expect(body.token).toMatch(/^tsg_[0-9A-Za-z]{38}$/);
      expect(await isValid(body.token)).toBe(true);
    });

    it("refuses an analysis token for another user (400)", async () => {
      for (const type of ["GLOBAL_ANALYSIS_TOKEN", "PROJECT_ANALYSIS_TOKEN"]) {
        const res = await api.generate({
          auth: passwordOf(suite.users.admin),
          form: { name: "a", type, login: "alice", projectKey: "app" },
        });
        expect(res.status).toBe(400);
        expect(await errorMessage(res)).toContain("another user");
      }
      expect(await tokenNames(suite.users.alice.user.id)).toEqual([]);
    });

    it("needs a projectKey for PROJECT_ANALYSIS_TOKEN (400) naming a known project (404)", async () => {
      const missing = await api.generate({
        auth: passwordOf(suite.users.admin),
        form: { name: "p", type: "PROJECT_ANALYSIS_TOKEN" },
      });
      expect(missing.status).toBe(400);
      expect(await errorMessage(missing)).toContain("'projectKey'");
      const unknown = await api.generate({
        auth: passwordOf(suite.users.admin),
        form: { name: "p", type: "PROJECT_ANALYSIS_TOKEN", projectKey: "nope" },
      });
      expect(unknown.status).toBe(404);
      expect(await errorMessage(unknown)).toContain("nope");
      expect(await tokenNames(suite.users.admin.user.id)).toEqual([]);
    });

    it("generates a project analysis token for a known project", async () => {
      await suite.db.insert(projects).values({ key: "my-app", name: "My App" });
      const body = await generateWithPassword(suite.users.admin, "p", {
        type: "PROJECT_ANALYSIS_TOKEN",
        projectKey: "my-app",
      });
      expect(body).toMatchObject({ type: "PROJECT_ANALYSIS_TOKEN", projectKey: "my-app", login: "root" });
      expect(body.token).toMatch(/^tsp_[0-9A-Za-z]{38}$/);
      expect(await isValid(body.token)).toBe(true);
    });
  });

  describe("login", () => {
    it("lets a user name themselves", async () => {
      expect((await generateWithPassword(suite.users.alice, "me", { login: "alice" })).login).toBe("alice");
    });

    it("refuses a non-administrator naming another user (403), creating nothing", async () => {
      for (const login of ["bob", "nobody"]) {
        const res = await api.generate({ auth: passwordOf(suite.users.alice), form: { name: "x", login } });
        expect(res.status).toBe(403);
        expect(await errorMessage(res)).toBe("Insufficient privileges");
      }
      expect(await tokenNames(suite.users.bob.user.id)).toEqual([]);
      expect(await tokenNames(suite.users.alice.user.id)).toEqual([]);
    });

    it("answers 404 to an administrator naming an unknown login", async () => {
      const res = await api.generate({ auth: passwordOf(suite.users.admin), form: { name: "x", login: "nobody" } });
      expect(res.status).toBe(404);
      expect(await errorMessage(res)).toContain("nobody");
    });

    it("lets an administrator generate for another user; the token acts as that user", async () => {
      const body = await generateWithPassword(suite.users.admin, "for-alice", { login: "alice" });
      expect(body.login).toBe("alice");
      expect(await tokenNames(suite.users.alice.user.id)).toEqual(["for-alice"]);
      expect(await tokenNames(suite.users.admin.user.id)).toEqual([]);
      const search = await api.search({ auth: { bearer: body.token } });
      expect(search.status).toBe(200);
      const list = (await search.json()) as { login: string; userTokens: { name: string }[] };
      expect(list.login).toBe("alice");
      expect(list.userTokens.map((t) => t.name)).toEqual(["for-alice"]);
      // Alice's token has Alice's rights, not the administrator's.
      const asAdmin = await api.generate({ auth: { bearer: body.token }, form: { name: "y", login: "bob" } });
      expect(asAdmin.status).toBe(403);
    });
  });
});
