import { describe, expect, it } from "vitest";
import { projects, settings } from "@/db/schema";
import { generateTokenValue } from "@/lib/tokens/format";
import {
  advance,
  api,
  apiSuite,
  DAY_MS,
  errorMessage,
  generateWithPassword,
  isValid,
  issueToken,
  passwordOf,
  setNow,
  T0,
} from "./api";
import { testDatabases } from "./databases";

interface SearchBody {
  login: string;
  userTokens: {
    name: string;
    createdAt: string;
    type: string;
    lastConnectionDate?: string;
    expirationDate?: string;
    isExpired?: boolean;
    project?: { key: string; name: string };
  }[];
}

describe.each(testDatabases())("token life on $name", (target) => {
  const suite = apiSuite(target);
  /** Searches with the password, so the search itself uses no token. */
  const searchAs = async (login = "alice") => {
    const res = await api.search({ auth: passwordOf(suite.users.alice), query: { login } });
    expect(res.status).toBe(200);
    return (await res.json()) as SearchBody;
  };
  const lastConnection = async (name: string) =>
    (await searchAs()).userTokens.find((t) => t.name === name)?.lastConnectionDate;

  describe("GET /api/authentication/validate", () => {
    it("answers valid:true for a generated token, by Bearer or Basic token:", async () => {
      const { token } = await generateWithPassword(suite.users.alice, "v");
      for (const auth of [{ bearer: token }, { basicToken: token }]) {
        const res = await api.validate({ auth });
        expect(res.status).toBe(200);
        expect(await res.json()).toEqual({ valid: true });
      }
    });

    it("answers 200 valid:false, never 401, to garbage, unknown and missing credentials", async () => {
      const { token } = await generateWithPassword(suite.users.alice, "v");
      const revoked = await issueToken(suite.db, { kind: "user", name: "gone", userId: suite.users.bob.user.id });
      expect(await isValid(revoked)).toBe(true);
      expect((await api.revoke({ auth: passwordOf(suite.users.bob), form: { name: "gone" } })).status).toBe(204);
      for (const auth of [
        undefined,
        { bearer: "garbage" },
        { bearer: `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}` },
        { bearer: revoked },
        { bearer: generateTokenValue("user") },
        { header: "Digest whatever" },
        { header: "Basic" },
        { login: "alice", password: "wrong password" },
        { login: "nobody", password: "whatever-password" },
      ]) {
        const res = await api.validate({ auth });
        expect(res.status, JSON.stringify(auth)).toBe(200);
        expect(await res.json()).toEqual({ valid: false });
      }
    });

    it("answers valid:true for a right login and password", async () => {
      const res = await api.validate({ auth: passwordOf(suite.users.alice) });
      expect(await res.json()).toEqual({ valid: true });
    });
  });

  describe("POST /api/user_tokens/revoke", () => {
    it("answers 204 and the token fails on the very next request", async () => {
      const { token } = await generateWithPassword(suite.users.alice, "short-lived");
      expect(await isValid(token)).toBe(true);
      const res = await api.revoke({ auth: passwordOf(suite.users.alice), form: { name: "short-lived" } });
      expect(res.status).toBe(204);
      expect(await res.text()).toBe("");
      expect(await isValid(token)).toBe(false);
      const use = await api.generate({ auth: { bearer: token }, form: { name: "again" } });
      expect(use.status).toBe(401);
      expect((await searchAs()).userTokens).toEqual([]);
    });

    it("lets a token revoke itself, and the name be used again", async () => {
      const { token } = await generateWithPassword(suite.users.alice, "self");
      expect((await api.revoke({ auth: { bearer: token }, form: { name: "self" } })).status).toBe(204);
      expect(await isValid(token)).toBe(false);
      const again = await generateWithPassword(suite.users.alice, "self");
      expect(await isValid(again.token)).toBe(true);
    });

    it("answers 404 to an unknown name, and 400 to a missing one", async () => {
      const unknown = await api.revoke({ auth: passwordOf(suite.users.alice), form: { name: "nope" } });
      expect(unknown.status).toBe(404);
      expect(await errorMessage(unknown)).toMatch(/not found/i);
      const missing = await api.revoke({ auth: passwordOf(suite.users.alice), form: {} });
      expect(missing.status).toBe(400);
      expect(await errorMessage(missing)).toContain("'name'");
    });

    it("only revokes the caller's own tokens unless an administrator names the owner", async () => {
      const bobs = await generateWithPassword(suite.users.bob, "shared-name");
      const byAlice = await api.revoke({ auth: passwordOf(suite.users.alice), form: { name: "shared-name" } });
      expect(byAlice.status).toBe(404);
      const naming = await api.revoke({
        auth: passwordOf(suite.users.alice),
        form: { name: "shared-name", login: "bob" },
      });
      expect(naming.status).toBe(403);
      expect(await errorMessage(naming)).toBe("Insufficient privileges");
      expect(await isValid(bobs.token)).toBe(true);
      const byAdmin = await api.revoke({
        auth: passwordOf(suite.users.admin),
        form: { name: "shared-name", login: "bob" },
      });
      expect(byAdmin.status).toBe(204);
      expect(await isValid(bobs.token)).toBe(false);
    });
  });

  describe("GET /api/user_tokens/search", () => {
    it("lists the tokens newest first with type, expiration and project", async () => {
      await suite.db.insert(projects).values({ key: "my-app", name: "My App" });
      await generateWithPassword(suite.users.alice, "oldest");
      advance(60_000);
      await generateWithPassword(suite.users.alice, "expiring", { expirationDate: "2026-03-12" });
      advance(60_000);
      await generateWithPassword(suite.users.admin, "global", { type: "GLOBAL_ANALYSIS_TOKEN" });
      advance(60_000);
      await generateWithPassword(suite.users.admin, "project", {
        type: "PROJECT_ANALYSIS_TOKEN",
        projectKey: "my-app",
      });

      const alice = await searchAs();
      expect(alice).toEqual({
        login: "alice",
        userTokens: [
          {
            name: "expiring",
            createdAt: "2026-03-10T12:01:00.000Z",
            type: "USER_TOKEN",
            expirationDate: "2026-03-12T00:00:00.000Z",
            isExpired: false,
          },
          { name: "oldest", createdAt: "2026-03-10T12:00:00.000Z", type: "USER_TOKEN" },
        ],
      });
      const admin = await api.search({ auth: passwordOf(suite.users.admin) });
      expect(await admin.json()).toEqual({
        login: "root",
        userTokens: [
          {
            name: "project",
            createdAt: "2026-03-10T12:03:00.000Z",
            type: "PROJECT_ANALYSIS_TOKEN",
            project: { key: "my-app", name: "My App" },
          },
          { name: "global", createdAt: "2026-03-10T12:02:00.000Z", type: "GLOBAL_ANALYSIS_TOKEN" },
        ],
      });

      setNow(new Date("2026-03-12T00:00:00.000Z"));
      expect((await searchAs()).userTokens[0]).toMatchObject({ name: "expiring", isExpired: true });
    });

    it("shows lastConnectionDate once the token has been used", async () => {
      const { token } = await generateWithPassword(suite.users.alice, "used");
      expect(await lastConnection("used")).toBeUndefined();
      advance(5_000);
      expect(await isValid(token)).toBe(true);
      expect(await lastConnection("used")).toBe("2026-03-10T12:00:05.000Z");
    });

    it("refuses another user's list to a non-administrator, and gives it to an administrator", async () => {
      await generateWithPassword(suite.users.bob, "bobs");
      const res = await api.search({ auth: passwordOf(suite.users.alice), query: { login: "bob" } });
      expect(res.status).toBe(403);
      expect(await errorMessage(res)).toBe("Insufficient privileges");
      const admin = await api.search({ auth: passwordOf(suite.users.admin), query: { login: "bob" } });
      const body = (await admin.json()) as SearchBody;
      expect(body.login).toBe("bob");
      expect(body.userTokens.map((t) => t.name)).toEqual(["bobs"]);
    });

    it("never shows the token value", async () => {
      const { token } = await generateWithPassword(suite.users.alice, "secret");
      const res = await api.search({ auth: { bearer: token } });
      const text = await res.text();
      expect(text).toContain("secret");
      expect(text).not.toContain(token);
      expect(text).not.toContain(token.slice(4, 36));
    });
  });

  describe("last use", () => {
    it("writes the first use at once, then at most once a minute", async () => {
      const { token } = await generateWithPassword(suite.users.alice, "busy");
      advance(1_000);
      expect(await isValid(token)).toBe(true);
      expect(await lastConnection("busy")).toBe("2026-03-10T12:00:01.000Z");
      advance(30_000);
      expect(await isValid(token)).toBe(true);
      advance(29_000);
      expect(await isValid(token)).toBe(true);
      expect(await lastConnection("busy")).toBe("2026-03-10T12:00:01.000Z");
      advance(2_000); // 62 s after the recorded use
      expect(await isValid(token)).toBe(true);
      expect(await lastConnection("busy")).toBe("2026-03-10T12:01:02.000Z");
    });
  });

  describe("expiry", () => {
    it("fails authentication from the expiry instant", async () => {
      const { token } = await generateWithPassword(suite.users.alice, "today-only", { expirationDate: "2026-03-11" });
      setNow(new Date("2026-03-10T23:59:59.999Z"));
      expect(await isValid(token)).toBe(true);
      setNow(new Date("2026-03-11T00:00:00.000Z"));
      expect(await isValid(token)).toBe(false);
      const use = await api.search({ auth: { bearer: token } });
      expect(use.status).toBe(401);
    });
  });

  describe("inactivity", () => {
    it("stops a personal token unused for 60 days (the default), counting from its last use", async () => {
      const unused = await generateWithPassword(suite.users.alice, "unused");
      const used = await generateWithPassword(suite.users.alice, "used");
      const boundary = await generateWithPassword(suite.users.alice, "boundary");
      setNow(new Date(T0.getTime() + 30 * DAY_MS));
      expect(await isValid(used.token)).toBe(true);
      setNow(new Date(T0.getTime() + 60 * DAY_MS - 1));
      expect(await isValid(boundary.token)).toBe(true);
      setNow(new Date(T0.getTime() + 60 * DAY_MS));
      expect(await isValid(unused.token)).toBe(false);
      expect(await isValid(used.token)).toBe(true);
    });

    it("follows the setting, and Never keeps unused tokens alive", async () => {
      await suite.db.update(settings).set({ inactiveTokenRemovalDays: 30 });
      const a = await generateWithPassword(suite.users.alice, "a");
      setNow(new Date(T0.getTime() + 30 * DAY_MS));
      expect(await isValid(a.token)).toBe(false);
      await suite.db.update(settings).set({ inactiveTokenRemovalDays: null });
      setNow(new Date(T0.getTime() + 1000 * DAY_MS));
      expect(await isValid(a.token)).toBe(true);
    });

    it("applies to analysis tokens but not to organization tokens", async () => {
      const global = await generateWithPassword(suite.users.admin, "g", { type: "GLOBAL_ANALYSIS_TOKEN" });
      const organization = await issueToken(suite.db, { kind: "organization", name: "org" });
      setNow(new Date(T0.getTime() + 400 * DAY_MS));
      expect(await isValid(global.token)).toBe(false);
      expect(await isValid(organization)).toBe(true);
    });
  });
});
