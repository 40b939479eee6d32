import { and, eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { POST as versionPost } from "@/app/api/server/version/route";
import { POST as healthPost } from "@/app/api/system/health/route";
import { POST as pingPost } from "@/app/api/system/ping/route";
import { POST as statusPost } from "@/app/api/system/status/route";
import { POST as usersSearchPost } from "@/app/api/users/search/route";
import { setDatabase } from "@/db/client";
import { projects, scanPermissions, settings, tokens, users } from "@/db/schema";
import { systemHealth } from "@/lib/system/health";
import packageJson from "@/package.json";
import {
  advance,
  api,
  apiSuite,
  DAY_MS,
  errorMessage,
  insertQuickUser,
  issueToken,
  removeUsersExcept,
  systemApi,
  T0,
  webApi,
  type CallOptions,
  type Credentials,
} from "./api";
import { testDatabases } from "./databases";

// Requests shaped exactly as SonarQube's own clients send them: the TypeScript Web API client
// library (behind the MCP server agents use) and the scanner's bootstrap.

/** How the client library sends a POST: parameters in the query string, a JSON type, an empty body. */
const clientPost = (auth: Credentials, query: Record<string, string>, body = ""): CallOptions => ({
  auth,
  query,
  raw: { body, contentType: "application/json" },
});

interface ProjectsBody {
  paging: { pageIndex: number; pageSize: number; total: number };
  components: { key: string; name: string; qualifier: string; visibility: string }[];
}

interface UsersBody {
  paging: { pageIndex: number; pageSize: number; total: number };
  users: {
    login: string;
    name: string;
    email?: string;
    active: boolean;
    lastConnectionDate?: string;
    tokensCount: number;
  }[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe.each(testDatabases())("SonarQube client conventions on $name", (target) => {
  const suite = apiSuite(target);
  // Tokens rather than passwords: a password costs an argon2 verification per request.
  let asAdmin: Credentials;
  let asAlice: Credentials;
  beforeEach(async () => {
    await removeUsersExcept(suite.db, suite.users);
    asAdmin = { bearer: await issueToken(suite.db, { kind: "user", name: "mcp", userId: suite.users.admin.user.id }) };
    asAlice = { bearer: await issueToken(suite.db, { kind: "user", name: "mcp", userId: suite.users.alice.user.id }) };
  });
  const addProject = async (key: string, name = `${key} name`) => {
    const [row] = await suite.db.insert(projects).values({ key, name }).returning();
    if (!row) throw new Error("no project");
    return row;
  };
  const bobGrants = () =>
    suite.db
      .select({ projectId: scanPermissions.projectId })
      .from(scanPermissions)
      .where(eq(scanPermissions.userId, suite.users.bob.user.id));
  const tokenNames = async (userId: string) =>
    (await suite.db.select({ name: tokens.name }).from(tokens).where(eq(tokens.userId, userId))).map((t) => t.name);

  describe("a POST with its parameters in the query string and an empty body", () => {
    it("grants and removes Execute Analysis (permissions/add_user, remove_user), globally and on a project", async () => {
      const p1 = await addProject("p1");
      const add = await webApi.addUser(clientPost(asAdmin, { login: "bob", permission: "scan" }));
      expect(add.status, await add.clone().text()).toBe(204);
      const addOnP1 = await webApi.addUser(clientPost(asAdmin, { login: "bob", permission: "scan", projectKey: "p1" }));
      expect(addOnP1.status).toBe(204);
      expect((await bobGrants()).map((g) => g.projectId).sort()).toEqual([p1.id, null].sort());

      const remove = await webApi.removeUser(clientPost(asAdmin, { login: "bob", permission: "scan" }));
      expect(remove.status, await remove.clone().text()).toBe(204);
      expect(await bobGrants()).toEqual([{ projectId: p1.id }]);
    });

    it("revokes a token (user_tokens/revoke)", async () => {
      await issueToken(suite.db, { kind: "user", name: "ci", userId: suite.users.alice.user.id });
      const res = await api.revoke(clientPost(asAlice, { name: "ci" }));
      expect(res.status, await res.clone().text()).toBe(204);
      expect(await tokenNames(suite.users.alice.user.id)).toEqual(["mcp"]);
    });

    it.each([
      ["application/json; charset=utf-8"],
      ["application/x-www-form-urlencoded"],
      ["multipart/form-data; boundary=x"],
      ["text/plain"],
    ])("reads the query string when the empty body is declared %s", async (contentType) => {
      await issueToken(suite.db, { kind: "user", name: "ci", userId: suite.users.alice.user.id });
      const res = await api.revoke({ auth: asAlice, query: { name: "ci" }, raw: { body: "", contentType } });
      expect(res.status, await res.clone().text()).toBe(204);
      expect(await tokenNames(suite.users.alice.user.id)).toEqual(["mcp"]);
    });

    it("counts a body of only whitespace as empty", async () => {
      await issueToken(suite.db, { kind: "user", name: "ci", userId: suite.users.alice.user.id });
      const res = await api.revoke(clientPost(asAlice, { name: "ci" }, " \r\n\t "));
      expect(res.status, await res.clone().text()).toBe(204);
      expect(await tokenNames(suite.users.alice.user.id)).toEqual(["mcp"]);
    });

    it("still refuses a body that is not empty and not JSON, changing nothing", async () => {
      await issueToken(suite.db, { kind: "user", name: "ci", userId: suite.users.alice.user.id });
      const res = await api.revoke(clientPost(asAlice, { name: "ci" }, " {"));
      expect(res.status).toBe(400);
      expect(await errorMessage(res)).toBe("The request body is not valid JSON.");
      expect((await tokenNames(suite.users.alice.user.id)).sort()).toEqual(["ci", "mcp"]);
    });

    it("still reads a JSON body's parameters", async () => {
      await issueToken(suite.db, { kind: "user", name: "ci", userId: suite.users.alice.user.id });
      const res = await api.revoke(clientPost(asAlice, {}, JSON.stringify({ name: "ci" })));
      expect(res.status).toBe(204);
      expect(await tokenNames(suite.users.alice.user.id)).toEqual(["mcp"]);
    });
  });

  describe("unknown parameters", () => {
    it("ignores organization=undefined on a POST, a search and a revoke", async () => {
      await addProject("p1");
      const add = await webApi.addUser(
        clientPost(asAdmin, { login: "bob", permission: "scan", projectKey: "p1", organization: "undefined" }),
      );
      expect(add.status, await add.clone().text()).toBe(204);
      expect(await bobGrants()).toHaveLength(1);

      const search = await webApi.projectsSearch({
        auth: asAdmin,
        query: { projects: "p1", organization: "undefined" },
      });
      expect(search.status).toBe(200);
      expect(((await search.json()) as ProjectsBody).components.map((c) => c.key)).toEqual(["p1"]);

      const usersSearch = await systemApi.usersSearch({
        auth: asAdmin,
        query: { q: "bob", organization: "undefined" },
      });
      expect(usersSearch.status).toBe(200);
      expect(((await usersSearch.json()) as UsersBody).users.map((u) => u.login)).toEqual(["bob"]);

      await issueToken(suite.db, { kind: "user", name: "ci", userId: suite.users.alice.user.id });
      const revoke = await api.revoke(clientPost(asAlice, { name: "ci", organization: "undefined", ps: "x" }));
      expect(revoke.status).toBe(204);
    });
  });

  describe("GET /api/server/version", () => {
    it("answers package.json's version as plain text, without credentials", async () => {
      const res = await systemApi.serverVersion({});
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
      expect(await res.text()).toBe(packageJson.version);
    });

    it("answers a caller with a bad token too, as if it had sent none", async () => {
      const res = await systemApi.serverVersion({ auth: { bearer: "tsu_not-a-token" } });
      expect(res.status).toBe(200);
      expect(await res.text()).toBe(packageJson.version);
    });
  });

  describe("GET /api/system/status", () => {
    const status = async () => {
      const res = await systemApi.status({});
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^application\/json/);
      return (await res.json()) as { id: string; version: string; status: string };
    };

    it("answers {id, version, status: UP} without credentials, the id stored in the database and stable", async () => {
      const first = await status();
      expect(first).toEqual({ id: expect.stringMatching(UUID), version: packageJson.version, status: "UP" });
      const [row] = await suite.db.select({ instanceId: settings.instanceId }).from(settings);
      expect(first.id).toBe(row?.instanceId);
      advance(DAY_MS);
      expect((await status()).id).toBe(first.id);
    });

    it("gives another installation another id", async () => {
      const other = await target.open();
      try {
        const [mine] = await suite.db.select({ id: settings.instanceId }).from(settings);
        const [theirs] = await other.db.select({ id: settings.instanceId }).from(settings);
        expect(theirs?.id).toMatch(UUID);
        expect(theirs?.id).not.toBe(mine?.id);
      } finally {
        await other.close();
      }
    });

    it("puts the settings row back if it was removed, and answers its new id", async () => {
      await suite.db.delete(settings);
      const body = await status();
      expect(body.status).toBe("UP");
      const [row] = await suite.db.select().from(settings);
      expect(body.id).toBe(row?.instanceId);
      expect(row?.inactiveTokenRemovalDays).toBe(60);
    });

    it("answers status DOWN when the database does not answer", async () => {
      const closed = await target.open();
      await closed.close();
      setDatabase(closed);
      try {
        expect(await status()).toEqual({ id: "", version: packageJson.version, status: "DOWN" });
      } finally {
        setDatabase(suite.handle);
      }
    });
  });

  describe("GET /api/system/ping", () => {
    it("answers pong as plain text, without credentials", async () => {
      const res = await systemApi.ping({});
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
      expect(await res.text()).toBe("pong");
    });
  });

  describe("GET /api/system/health", () => {
    it("answers GREEN to an admin", async () => {
      const res = await systemApi.health({ auth: asAdmin });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ health: "GREEN", causes: [] });
    });

    it("answers 401 without credentials and 403 to a user who is not an admin", async () => {
      const none = await systemApi.health({});
      expect(none.status).toBe(401);
      expect(await errorMessage(none)).toBe("Authentication is required.");
      const alice = await systemApi.health({ auth: asAlice });
      expect(alice.status).toBe(403);
      expect(await errorMessage(alice)).toBe("Insufficient privileges");
    });

    it("is RED with a cause when the database fails", async () => {
      const closed = await target.open();
      await closed.close();
      expect(await systemHealth(closed.db)).toEqual({
        health: "RED",
        causes: [{ message: "The database does not answer." }],
      });
    });

    it("is RED with a cause when the database does not answer in time, GREEN again once it does", async () => {
      // A lock held on the table the probe reads keeps the database from answering it (on PGlite,
      // the open transaction holds the only connection).
      let releaseLock: () => void = () => {};
      const lockHeld = new Promise<void>((resolve) => (releaseLock = resolve));
      let locked: () => void = () => {};
      const isLocked = new Promise<void>((resolve) => (locked = resolve));
      const holder = suite.db.transaction(async (tx) => {
        await tx.execute(sql`lock table ${settings} in access exclusive mode`);
        locked();
        await lockHeld;
      });
      await isLocked;
      try {
        expect(await systemHealth(suite.db, 200)).toEqual({
          health: "RED",
          causes: [{ message: "The database did not answer within 200 ms." }],
        });
      } finally {
        releaseLock();
        await holder;
      }
      expect(await systemHealth(suite.db, 200)).toEqual({ health: "GREEN", causes: [] });
    });
  });

  describe("GET /api/users/search", () => {
    const usersSearch = async (query: Record<string, string> = {}) => {
      const res = await systemApi.usersSearch({ auth: asAdmin, query });
      expect(res.status, await res.clone().text()).toBe(200);
      return (await res.json()) as UsersBody;
    };
    const logins = (body: UsersBody) => body.users.map((u) => u.login);

    it("lists users by login with SonarQube's fields: email and last connection only when known", async () => {
      await suite.db.update(users).set({ email: "bob@example.com" }).where(eq(users.id, suite.users.bob.user.id));
      await issueToken(suite.db, { kind: "user", name: "ci", userId: suite.users.bob.user.id });
      await issueToken(suite.db, { kind: "global_analysis", name: "scan", userId: suite.users.bob.user.id });
      await suite.db
        .update(tokens)
        .set({ lastUsedAt: new Date(T0.getTime() - DAY_MS) })
        .where(and(eq(tokens.userId, suite.users.bob.user.id), eq(tokens.name, "ci")));
      const body = await usersSearch();
      expect(body.paging).toEqual({ pageIndex: 1, pageSize: 50, total: 3 });
      expect(body.users).toEqual([
        { login: "alice", name: "alice", active: true, tokensCount: 1 },
        {
          login: "bob",
          name: "bob",
          email: "bob@example.com",
          active: true,
          lastConnectionDate: new Date(T0.getTime() - DAY_MS).toISOString(),
          tokensCount: 2,
        },
        // The admin's token has just been used, for this very request.
        { login: "root", name: "root", active: true, lastConnectionDate: T0.toISOString(), tokensCount: 1 },
      ]);
    });

    it("filters with q on login, name or email, case-insensitively", async () => {
      await suite.db.update(users).set({ email: "Boss@Example.com" }).where(eq(users.id, suite.users.admin.user.id));
      await insertQuickUser(suite.db, "jane");
      expect(logins(await usersSearch({ q: "ALI" }))).toEqual(["alice"]);
      expect(logins(await usersSearch({ q: "boss@" }))).toEqual(["root"]);
      expect(logins(await usersSearch({ q: " jane name " }))).toEqual(["jane"]);
      const none = await usersSearch({ q: "nobody" });
      expect(none).toEqual({ paging: { pageIndex: 1, pageSize: 50, total: 0 }, users: [] });
    });

    it("pages with p and ps, the total counting every match", async () => {
      for (const login of ["u1", "u2", "u3"]) await insertQuickUser(suite.db, login);
      const page = await usersSearch({ p: "2", ps: "2" });
      expect(page.paging).toEqual({ pageIndex: 2, pageSize: 2, total: 6 });
      expect(logins(page)).toEqual(["root", "u1"]);
      expect(logins(await usersSearch({ p: "4", ps: "2" }))).toEqual([]);
      expect((await usersSearch({ ps: "500" })).paging.pageSize).toBe(500);
    });

    it.each([
      ["ps", "0"],
      ["ps", "501"],
      ["ps", "ten"],
      ["p", "0"],
      ["q", "x".repeat(401)],
    ])("refuses %s=%s with 400 naming it", async (name, value) => {
      const res = await systemApi.usersSearch({ auth: asAdmin, query: { [name]: value } });
      expect(res.status).toBe(400);
      expect(await errorMessage(res)).toContain(`'${name}'`);
    });
  });

  describe("GET /api/projects/search", () => {
    const search = async (auth: Credentials, query: Record<string, string> = {}) => {
      const res = await webApi.projectsSearch({ auth, query });
      expect(res.status, await res.clone().text()).toBe(200);
      return (await res.json()) as ProjectsBody;
    };
    const keys = (body: ProjectsBody) => body.components.map((c) => c.key);

    it("gives each component qualifier TRK and visibility private", async () => {
      await addProject("p1", "Project One");
      expect((await search(asAdmin)).components).toEqual([
        { key: "p1", name: "Project One", qualifier: "TRK", visibility: "private" },
      ]);
    });

    it("honours the projects filter: only the listed keys, one or several", async () => {
      for (const key of ["p1", "p2", "p3"]) await addProject(key);
      const one = await search(asAdmin, { projects: "p2" });
      expect(one.paging.total).toBe(1);
      expect(keys(one)).toEqual(["p2"]);
      expect(keys(await search(asAdmin, { projects: "p1, p3,,unknown" }))).toEqual(["p1", "p3"]);
      expect(keys(await search(asAdmin, { projects: "unknown" }))).toEqual([]);
      expect(keys(await search(asAdmin, { projects: "p1,p2", q: "p2" }))).toEqual(["p2"]);
      expect(keys(await search(asAdmin, { projects: "" }))).toEqual(["p1", "p2", "p3"]);
    });

    it("never shows, through the filter, a project the caller may not scan", async () => {
      const p1 = await addProject("p1");
      await addProject("p2");
      await suite.db.insert(scanPermissions).values({ userId: suite.users.alice.user.id, projectId: p1.id });
      expect(keys(await search(asAlice, { projects: "p1,p2" }))).toEqual(["p1"]);
      expect(keys(await search(asAlice, { projects: "p2" }))).toEqual([]);
    });

    it("refuses more than 1000 keys with 400 naming the parameter", async () => {
      const list = Array.from({ length: 1001 }, (_, i) => `k${i}`).join(",");
      const res = await webApi.projectsSearch({ auth: asAdmin, query: { projects: list } });
      expect(res.status).toBe(400);
      expect(await errorMessage(res)).toContain("'projects'");
    });
  });

  describe("other methods", () => {
    it("answer 405 with Allow: GET on the new endpoints", async () => {
      for (const post of [versionPost, statusPost, pingPost, healthPost, usersSearchPost]) {
        const res = await post();
        expect(res.status).toBe(405);
        expect(res.headers.get("allow")).toBe("GET");
        expect(await errorMessage(res)).toBe("This endpoint accepts GET only.");
      }
    });
  });
});
