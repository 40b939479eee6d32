import { eq, sql } from "drizzle-orm";
import { getServerSession } from "next-auth";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { generateToken, revokeToken } from "@/app/(app)/account/security/actions";
import {
  createProjectAction,
  deleteProjectAction,
  grantScanAction,
  removeScanAction,
} from "@/app/(app)/admin/projects/actions";
import { saveTokenSettings } from "@/app/(app)/admin/settings/actions";
import {
  createUserAction,
  deleteUserAction,
  generateTokenForUser,
  revokeTokenOfUser,
  setGlobalScanAction,
} from "@/app/(app)/admin/users/actions";
import { rowsOf } from "@/db/client";
import { insertScanGrant } from "@/db/queries/permissions";
import { insertProject } from "@/db/queries/projects";
import { auditEvents, projects, tokens, users, type AuditEvent } from "@/db/schema";
import { listAuditEvents } from "@/db/queries/audit";
import { recordAudit } from "@/lib/audit/record";
import { authOptions } from "@/lib/auth/options";
import { hashToken } from "@/lib/tokens/format";
import {
  advance,
  api,
  apiSuite,
  DAY_MS,
  insertQuickUser,
  issueToken,
  passwordOf,
  removeUsersExcept,
  setNow,
  T0,
  webApi,
  type GenerateBody,
  type TestUser,
} from "./api";
import { auditEventsSince, auditMark } from "./audit-events";
import { testDatabases } from "./databases";
import { signInAs } from "./signed-in";

// Server actions read the session through next-auth and the client address from the request headers.
vi.mock("next-auth", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next-auth")>()),
  getServerSession: vi.fn(),
}));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));
const ACTION_IP = "198.51.100.7";
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "x-tokensmith-client-ip": "198.51.100.7" }),
}));

const API_IP = "203.0.113.9";

/** Every token value this file sees; the last test checks none reached audit_events. */
const seenValues: string[] = [];
function seen(value: string): string {
  seenValues.push(value);
  return value;
}

const hintOf = (value: string) => value.slice(-4);
/** An event without its id, for whole-object comparisons. */
const plain = ({ id: _id, ...rest }: AuditEvent) => rest;

describe.each(testDatabases())("audit trail on $name", (target) => {
  const suite = apiSuite(target);
  let mark: Set<string>;
  const newEvents = () => auditEventsSince(suite.db, mark);
  const actor = (u: TestUser) => ({ actorId: u.user.id, actorLogin: u.user.login });
  const asAdmin = () => passwordOf(suite.users.admin);

  beforeEach(async () => {
    await removeUsersExcept(suite.db, suite.users);
    mark = await auditMark(suite.db);
  });
  afterEach(() => {
    vi.mocked(getServerSession).mockReset();
  });

  async function tokenId(name: string, ownerId: string): Promise<string> {
    const [row] = await suite.db.select({ id: tokens.id }).from(tokens).where(eq(tokens.name, name));
    if (!row) throw new Error(`no token ${name} of ${ownerId}`);
    return row.id;
  }

  describe("personal tokens", () => {
    it("My Account: generate, revoke and remove an expired one record who, for whom, the token and the address", async () => {
      const alice = suite.users.alice;
      signInAs(alice.user);
      const generated = await generateToken(null, { name: "laptop", expiresIn: "30 days" });
      if (!generated.ok) throw new Error(JSON.stringify(generated));
      const value = seen(generated.token);
      const laptop = await tokenId("laptop", alice.user.id);
      expect(await revokeToken(null, { tokenId: laptop })).toEqual({ ok: true });

      const expired = seen(
        await issueToken(suite.db, {
          kind: "user",
          name: "old",
          userId: alice.user.id,
          expiresAt: new Date(T0.getTime() + DAY_MS),
        }),
      );
      setNow(new Date(T0.getTime() + 2 * DAY_MS));
      expect(await revokeToken(null, { tokenId: await tokenId("old", alice.user.id) })).toEqual({ ok: true });

      const common = { ...actor(alice), targetLogin: "alice", clientIp: ACTION_IP, tokenKind: "user" as const };
      expect((await newEvents()).map(plain)).toEqual([
        {
          ...common,
          action: "token.generate",
          createdAt: T0,
          tokenName: "laptop",
          tokenHint: hintOf(value),
          details: { expiresAt: "2026-04-09T00:00:00.000Z" },
        },
        {
          ...common,
          action: "token.revoke",
          createdAt: T0,
          tokenName: "laptop",
          tokenHint: hintOf(value),
          details: { expiresAt: "2026-04-09T00:00:00.000Z" },
        },
        {
          ...common,
          action: "token.remove",
          createdAt: new Date(T0.getTime() + 2 * DAY_MS),
          tokenName: "old",
          tokenHint: hintOf(expired),
          details: { expiresAt: new Date(T0.getTime() + DAY_MS).toISOString() },
        },
      ]);
    });

    it("My Account: a project analysis token's event names its project", async () => {
      const alice = suite.users.alice;
      const project = await insertProject(suite.db, { key: "shop", name: "Shop" });
      await insertScanGrant(suite.db, { userId: alice.user.id, projectId: project.id });
      signInAs(alice.user);
      const generated = await generateToken(null, {
        name: "ci",
        type: "PROJECT_ANALYSIS_TOKEN",
        projectKey: "shop",
        expiresIn: "No expiration",
      });
      if (!generated.ok) throw new Error(JSON.stringify(generated));
      seen(generated.token);
      const [event] = await newEvents();
      expect(event).toMatchObject({
        action: "token.generate",
        tokenKind: "project_analysis",
        details: { projectKey: "shop", expiresAt: null },
      });
    });

    it("a refused generation (duplicate name) records nothing", async () => {
      signInAs(suite.users.alice.user);
      seen(await issueToken(suite.db, { kind: "user", name: "dup", userId: suite.users.alice.user.id }));
      expect(await generateToken(null, { name: "dup", expiresIn: "30 days" })).toMatchObject({ ok: false });
      expect(await newEvents()).toEqual([]);
    });

    it("the admin Tokens dialog: generate and revoke for a user record the admin as actor and the user as target", async () => {
      const { admin, alice } = suite.users;
      signInAs(admin.user);
      const generated = await generateTokenForUser(null, {
        userId: alice.user.id,
        name: "for-alice",
        expiresIn: "90 days",
      });
      if (!generated.ok) throw new Error(JSON.stringify(generated));
      const value = seen(generated.token);
      advance(1000);
      expect(
        await revokeTokenOfUser(null, { userId: alice.user.id, tokenId: await tokenId("for-alice", alice.user.id) }),
      ).toEqual({ ok: true });
      const events = await newEvents();
      expect(
        events.map((e) => [e.action, e.actorLogin, e.targetLogin, e.tokenKind, e.tokenName, e.tokenHint, e.clientIp]),
      ).toEqual([
        ["token.generate", "root", "alice", "user", "for-alice", hintOf(value), ACTION_IP],
        ["token.revoke", "root", "alice", "user", "for-alice", hintOf(value), ACTION_IP],
      ]);
    });

    it("the Web API: generate and revoke, own and (admin) for another user, record the request's address", async () => {
      const { admin, bob } = suite.users;
      const own = await api.generate({ auth: passwordOf(bob), form: { name: "bob-own" }, ip: API_IP });
      const ownValue = seen(((await own.json()) as GenerateBody).token);
      advance(1000);
      const forBob = await api.generate({
        auth: asAdmin(),
        form: { name: "from-root", login: "bob", expirationDate: "2026-06-01" },
        ip: API_IP,
      });
      const forBobValue = seen(((await forBob.json()) as GenerateBody).token);
      advance(1000);
      expect((await api.revoke({ auth: { bearer: ownValue }, form: { name: "from-root" }, ip: API_IP })).status).toBe(
        204,
      );
      advance(1000);
      expect((await api.revoke({ auth: asAdmin(), form: { name: "bob-own", login: "bob" }, ip: API_IP })).status).toBe(
        204,
      );

      const events = await newEvents();
      expect(events.map((e) => [e.action, e.actorLogin, e.targetLogin, e.tokenName, e.tokenHint, e.clientIp])).toEqual([
        ["token.generate", "bob", "bob", "bob-own", hintOf(ownValue), API_IP],
        ["token.generate", "root", "bob", "from-root", hintOf(forBobValue), API_IP],
        ["token.revoke", "bob", "bob", "from-root", hintOf(forBobValue), API_IP],
        ["token.revoke", "root", "bob", "bob-own", hintOf(ownValue), API_IP],
      ]);
      expect(events[1]?.details).toEqual({ expiresAt: "2026-06-01T00:00:00.000Z" });
      expect(events.every((e) => e.actorId === (e.actorLogin === "root" ? admin.user.id : bob.user.id))).toBe(true);
    });
  });

  describe("users", () => {
    it("create and delete through the action record user.create, then one token.delete per token and user.delete with the count", async () => {
      signInAs(suite.users.admin.user);
      expect(
        await createUserAction(null, { login: "carol", name: "Carol", password: "carol-password", role: "admin" }),
      ).toMatchObject({ ok: true });
      const carol = (await suite.db.select().from(users).where(eq(users.login, "carol")))[0];
      if (!carol) throw new Error("no carol");
      const project = await insertProject(suite.db, { key: "carols", name: "Carol's" });
      const t1 = seen(await issueToken(suite.db, { kind: "user", name: "c1", userId: carol.id }));
      const t2 = seen(
        await issueToken(suite.db, { kind: "project_analysis", name: "c2", userId: carol.id, projectId: project.id }),
      );
      // A token carol made for alice survives her (it is alice's): not recorded as deleted.
      await suite.db
        .update(tokens)
        .set({ createdById: carol.id })
        .where(eq(tokens.tokenHash, hashToken(t1)));
      seen(await issueToken(suite.db, { kind: "user", name: "alice-keeps", userId: suite.users.alice.user.id }));

      advance(1000);
      expect(await deleteUserAction(null, { userId: carol.id })).toEqual({ ok: true });
      const later = new Date(T0.getTime() + 1000);
      const common = { ...actor(suite.users.admin), clientIp: ACTION_IP, createdAt: later };
      const events = (await newEvents()).map(plain);
      expect(events[0]).toEqual({
        ...common,
        createdAt: T0,
        action: "user.create",
        targetLogin: "carol",
        tokenKind: null,
        tokenName: null,
        tokenHint: null,
        details: { name: "Carol", role: "admin" },
      });
      expect(
        events
          .slice(1)
          .sort((a, b) => a.action.localeCompare(b.action) || String(a.tokenName).localeCompare(String(b.tokenName))),
      ).toEqual([
        {
          ...common,
          action: "token.delete",
          targetLogin: "carol",
          tokenKind: "user",
          tokenName: "c1",
          tokenHint: hintOf(t1),
          details: { reason: "user deleted" },
        },
        {
          ...common,
          action: "token.delete",
          targetLogin: "carol",
          tokenKind: "project_analysis",
          tokenName: "c2",
          tokenHint: hintOf(t2),
          details: { reason: "user deleted", projectKey: "carols" },
        },
        {
          ...common,
          action: "user.delete",
          targetLogin: "carol",
          tokenKind: null,
          tokenName: null,
          tokenHint: null,
          details: { tokensDeleted: 2 },
        },
      ]);
    });

    it("create and delete through the Web API record the same, with the request's address", async () => {
      expect(
        (
          await webApi.usersCreate({
            auth: asAdmin(),
            form: { login: "dave", name: "Dave", password: "dave-password" },
            ip: API_IP,
          })
        ).status,
      ).toBe(200);
      advance(1000);
      expect((await webApi.usersDelete({ auth: asAdmin(), form: { login: "dave" }, ip: API_IP })).status).toBe(204);
      const events = await newEvents();
      expect(events.map((e) => [e.action, e.actorLogin, e.targetLogin, e.clientIp, e.details])).toEqual([
        ["user.create", "root", "dave", API_IP, { name: "Dave", role: "user" }],
        ["user.delete", "root", "dave", API_IP, { tokensDeleted: 0 }],
      ]);
    });

    it("a refused deletion (own account) and a refused creation (duplicate) record nothing", async () => {
      signInAs(suite.users.admin.user);
      expect(await deleteUserAction(null, { userId: suite.users.admin.user.id })).toMatchObject({ ok: false });
      expect(
        await createUserAction(null, { login: "alice", name: "Again", password: "alice-password-2", role: "user" }),
      ).toMatchObject({ ok: false });
      expect(await newEvents()).toEqual([]);
    });
  });

  describe("projects and Execute Analysis", () => {
    it("project create and delete through the action record the key, and each project analysis token that died", async () => {
      signInAs(suite.users.admin.user);
      expect(await createProjectAction(null, { key: "web", name: "Web" })).toEqual({ ok: true });
      advance(1000);
      const [web] = await suite.db.select().from(projects).where(eq(projects.key, "web"));
      if (!web) throw new Error("no project");
      const bobsToken = seen(
        await issueToken(suite.db, {
          kind: "project_analysis",
          name: "web-ci",
          userId: suite.users.bob.user.id,
          projectId: web.id,
        }),
      );
      expect(await deleteProjectAction(null, { key: "web" })).toEqual({ ok: true });
      const events = await newEvents();
      expect(
        events.map((e) => [
          e.action,
          e.actorLogin,
          e.targetLogin,
          e.tokenKind,
          e.tokenName,
          e.tokenHint,
          e.clientIp,
          e.details,
        ]),
      ).toEqual([
        ["project.create", "root", null, null, null, null, ACTION_IP, { projectKey: "web", name: "Web" }],
        [
          "project.delete",
          "root",
          null,
          null,
          null,
          null,
          ACTION_IP,
          { projectKey: "web", name: "Web", tokensDeleted: 1 },
        ],
        [
          "token.delete",
          "root",
          "bob",
          "project_analysis",
          "web-ci",
          hintOf(bobsToken),
          ACTION_IP,
          { projectKey: "web", reason: "project deleted" },
        ],
      ]);
    });

    it("project create and delete through the Web API record the request's address", async () => {
      expect(
        (await webApi.projectsCreate({ auth: asAdmin(), form: { project: "api-p", name: "API" }, ip: API_IP })).status,
      ).toBe(200);
      advance(1000);
      expect((await webApi.projectsDelete({ auth: asAdmin(), form: { project: "api-p" }, ip: API_IP })).status).toBe(
        204,
      );
      expect((await newEvents()).map((e) => [e.action, e.actorLogin, e.clientIp, e.details])).toEqual([
        ["project.create", "root", API_IP, { projectKey: "api-p", name: "API" }],
        ["project.delete", "root", API_IP, { projectKey: "api-p", name: "API", tokensDeleted: 0 }],
      ]);
    });

    it("grants and removals, per project and global, by action and Web API; a call that changes nothing records nothing", async () => {
      const { admin, bob } = suite.users;
      await insertProject(suite.db, { key: "perm", name: "Perm" });
      signInAs(admin.user);
      // One second apart, so the events sort in the order of the calls.
      const step = async <T>(result: Promise<T>) => {
        const value = await result;
        advance(1000);
        return value;
      };
      expect(await step(grantScanAction(null, { login: "bob", projectKey: "perm" }))).toEqual({ ok: true });
      expect(await step(grantScanAction(null, { login: "bob", projectKey: "perm" }))).toEqual({ ok: true }); // already granted
      expect(await step(removeScanAction(null, { userId: bob.user.id, projectKey: "perm" }))).toEqual({ ok: true });
      expect(await step(setGlobalScanAction(null, { userId: bob.user.id, enabled: true }))).toEqual({ ok: true });
      expect(await step(setGlobalScanAction(null, { userId: bob.user.id, enabled: false }))).toEqual({ ok: true });
      expect(await step(setGlobalScanAction(null, { userId: bob.user.id, enabled: false }))).toEqual({ ok: true }); // nothing to remove
      const form = (extra: Record<string, string>) => ({
        auth: asAdmin(),
        form: { login: "bob", permission: "scan", ...extra },
        ip: API_IP,
      });
      expect((await step(webApi.addUser(form({ projectKey: "perm" })))).status).toBe(204);
      expect((await step(webApi.removeUser(form({ projectKey: "perm" })))).status).toBe(204);
      expect((await step(webApi.addUser(form({})))).status).toBe(204);
      expect((await step(webApi.removeUser(form({})))).status).toBe(204);

      const events = await newEvents();
      expect(events.map((e) => [e.action, e.actorLogin, e.targetLogin, e.clientIp, e.details])).toEqual([
        ["permission.grant", "root", "bob", ACTION_IP, { projectKey: "perm" }],
        ["permission.remove", "root", "bob", ACTION_IP, { projectKey: "perm" }],
        ["permission.grant", "root", "bob", ACTION_IP, { scope: "all projects" }],
        ["permission.remove", "root", "bob", ACTION_IP, { scope: "all projects" }],
        ["permission.grant", "root", "bob", API_IP, { projectKey: "perm" }],
        ["permission.remove", "root", "bob", API_IP, { projectKey: "perm" }],
        ["permission.grant", "root", "bob", API_IP, { scope: "all projects" }],
        ["permission.remove", "root", "bob", API_IP, { scope: "all projects" }],
      ]);
    });
  });

  describe("settings", () => {
    it("records settings.update with old and new values, and nothing for a save that changes nothing", async () => {
      signInAs(suite.users.admin.user);
      expect(await saveTokenSettings(null, { maxTokenLifetime: "90 days", inactiveTokenRemoval: "Never" })).toEqual({
        ok: true,
      });
      expect(await saveTokenSettings(null, { maxTokenLifetime: "90 days", inactiveTokenRemoval: "Never" })).toEqual({
        ok: true,
      });
      expect(await saveTokenSettings(null, { maxTokenLifetime: "bogus", inactiveTokenRemoval: "Never" })).toMatchObject(
        { ok: false },
      );
      const events = (await newEvents()).map(plain);
      expect(events).toEqual([
        {
          action: "settings.update",
          createdAt: T0,
          ...actor(suite.users.admin),
          targetLogin: null,
          tokenKind: null,
          tokenName: null,
          tokenHint: null,
          clientIp: ACTION_IP,
          details: {
            old: { maxTokenLifetimeDays: null, inactiveTokenRemovalDays: 60 },
            new: { maxTokenLifetimeDays: 90, inactiveTokenRemovalDays: null },
          },
        },
      ]);
    });
  });

  describe("failed-authentication bursts", () => {
    it("ten failed passwords for a login from one address record one burst, not one per failure", async () => {
      const wrong = { login: "alice", password: "not-her-password" };
      for (let i = 0; i < 9; i++) expect((await api.validate({ auth: wrong, ip: API_IP })).status).toBe(200);
      expect(await newEvents()).toEqual([]);
      await api.validate({ auth: wrong, ip: API_IP }); // the tenth reaches the limit
      await api.validate({ auth: wrong, ip: API_IP }); // refused (429 on other endpoints), not counted
      expect((await api.search({ auth: wrong, ip: API_IP })).status).toBe(429);
      const events = (await newEvents()).map(plain);
      expect(events).toEqual([
        {
          action: "auth.failure_burst",
          createdAt: T0,
          actorId: null,
          actorLogin: null,
          targetLogin: "alice",
          tokenKind: null,
          tokenName: null,
          tokenHint: null,
          clientIp: API_IP,
          details: { credentials: "password", failures: 10, windowSeconds: 900 },
        },
      ]);
    });

    it("the sign-in form counts the same way; a login that is no user's is not recorded", async () => {
      type Authorize = (
        credentials: Record<string, string>,
        req: { headers: Record<string, string> },
      ) => Promise<unknown>;
      const provider = authOptions.providers[0] as unknown as { options: { authorize: Authorize } };
      const signIn = (login: string) =>
        provider.options
          .authorize({ login, password: "wrong-password" }, { headers: { "x-tokensmith-client-ip": "192.0.2.50" } })
          .catch(() => null);
      for (let i = 0; i < 12; i++) await signIn("bob");
      advance(1000);
      // Someone pasting a secret into the login field: the burst is recorded without it.
      for (let i = 0; i < 10; i++) await signIn("tsu_not-a-login-but-a-secret");
      expect((await newEvents()).map((e) => [e.action, e.targetLogin, e.clientIp, e.details])).toEqual([
        ["auth.failure_burst", "bob", "192.0.2.50", { credentials: "password", failures: 10, windowSeconds: 900 }],
        ["auth.failure_burst", null, "192.0.2.50", { credentials: "password", failures: 10, windowSeconds: 900 }],
      ]);
    });

    it(
      "30 failed passwords from one address over many logins record one burst, without a login",
      { timeout: 120_000 },
      async () => {
        for (let i = 0; i < 29; i++)
          await api.validate({ auth: { login: `guess-${i}`, password: "x" }, ip: "192.0.2.60" });
        expect(await newEvents()).toEqual([]);
        await api.validate({ auth: { login: "alice", password: "x" }, ip: "192.0.2.60" }); // the thirtieth
        for (let i = 0; i < 3; i++) await api.validate({ auth: { login: "bob", password: "x" }, ip: "192.0.2.60" });
        expect((await newEvents()).map((e) => [e.action, e.targetLogin, e.clientIp, e.details])).toEqual([
          ["auth.failure_burst", null, "192.0.2.60", { credentials: "password", failures: 30, windowSeconds: 900 }],
        ]);
      },
    );

    it("300 failed tokens from one address in a minute record one burst", async () => {
      const bad = { bearer: "tsu_0000000000000000000000000000000000000000" };
      for (let i = 0; i < 299; i++) await api.validate({ auth: bad, ip: "192.0.2.77" });
      expect(await newEvents()).toEqual([]);
      await api.validate({ auth: { header: "Weird scheme" }, ip: "192.0.2.77" }); // malformed credentials count too
      for (let i = 0; i < 5; i++) await api.validate({ auth: bad, ip: "192.0.2.77" });
      expect((await newEvents()).map((e) => [e.action, e.actorLogin, e.targetLogin, e.clientIp, e.details])).toEqual([
        ["auth.failure_burst", null, null, "192.0.2.77", { credentials: "token", failures: 300, windowSeconds: 60 }],
      ]);
    });
  });

  describe("the Audit log query", () => {
    it("lists newest first, filters by user (actor or target) and by action, and pages with a total", async () => {
      // Far in the future, so these are the newest events of the table whatever ran before.
      const base = new Date("2099-01-01T00:00:00Z").getTime();
      for (let i = 0; i < 5; i++) {
        await recordAudit(suite.db, {
          action: i % 2 === 0 ? "token.generate" : "token.revoke",
          at: new Date(base + i * 1000),
          actor: { id: suite.users.admin.user.id, login: "listing-admin" },
          targetLogin: `listing-user-${i % 2}`,
          token: { kind: "user", name: `listed-${i}`, hint: "abcd" },
        });
      }
      const page1 = await listAuditEvents(suite.db, { user: "listing-admin", page: 1, pageSize: 2 });
      expect(page1.total).toBe(5);
      expect(page1.rows.map((r) => r.tokenName)).toEqual(["listed-4", "listed-3"]);
      const page3 = await listAuditEvents(suite.db, { user: "listing-admin", page: 3, pageSize: 2 });
      expect(page3.rows.map((r) => r.tokenName)).toEqual(["listed-0"]);

      const asTarget = await listAuditEvents(suite.db, { user: "listing-user-1", page: 1, pageSize: 50 });
      expect(asTarget.rows.map((r) => r.tokenName)).toEqual(["listed-3", "listed-1"]);
      const byAction = await listAuditEvents(suite.db, {
        user: "listing-admin",
        action: "token.revoke",
        page: 1,
        pageSize: 50,
      });
      expect([byAction.total, byAction.rows.map((r) => r.tokenName)]).toEqual([2, ["listed-3", "listed-1"]]);
      const everyone = await listAuditEvents(suite.db, { page: 1, pageSize: 1 });
      expect(everyone.rows[0]?.tokenName).toBe("listed-4");
      expect(everyone.total).toBeGreaterThanOrEqual(5);
      expect((await listAuditEvents(suite.db, { user: "nobody-at-all", page: 1, pageSize: 10 })).total).toBe(0);
    });
  });

  describe("the table itself", () => {
    it("is append-only: UPDATE, DELETE and TRUNCATE are refused", async () => {
      signInAs(suite.users.admin.user);
      await createProjectAction(null, { key: "ao", name: "Append only" });
      const [event] = await newEvents();
      if (!event) throw new Error("no event");
      await expect(
        suite.db.update(auditEvents).set({ actorLogin: "someone-else" }).where(eq(auditEvents.id, event.id)),
      ).rejects.toThrow();
      await expect(suite.db.delete(auditEvents).where(eq(auditEvents.id, event.id))).rejects.toThrow();
      await expect(suite.db.execute(sql`truncate audit_events`)).rejects.toThrow();
      expect((await newEvents()).map(plain)).toEqual([plain(event)]);
    });

    it("never holds a token value: no value generated in this file appears in any column", async () => {
      // One more of each flow that handles a value, so this test stands on its own too.
      signInAs(suite.users.alice.user);
      const own = await generateToken(null, { name: "scan-me", expiresIn: "30 days" });
      if (!own.ok) throw new Error(JSON.stringify(own));
      seen(own.token);
      const viaApi = await api.generate({
        auth: passwordOf(suite.users.bob),
        form: { name: "scan-me-too" },
        ip: API_IP,
      });
      const apiValue = seen(((await viaApi.json()) as GenerateBody).token);
      expect((await api.revoke({ auth: { bearer: apiValue }, form: { name: "scan-me-too" } })).status).toBe(204);
      await insertQuickUser(suite.db, "erin");
      const erin = (await suite.db.select().from(users).where(eq(users.login, "erin")))[0]!;
      seen(await issueToken(suite.db, { kind: "user", name: "erin-t", userId: erin.id }));
      signInAs(suite.users.admin.user);
      expect(await deleteUserAction(null, { userId: erin.id })).toEqual({ ok: true });

      expect(seenValues.length).toBeGreaterThan(10);
      const rows = rowsOf(await suite.db.execute(sql`select t::text as row from audit_events t`)).map((r) =>
        String(r.row),
      );
      expect(rows.length).toBeGreaterThan(10);
      for (const value of seenValues) {
        const leaks = rows.filter((row) => row.includes(value) || row.includes(hashToken(value)));
        expect(leaks, `value ending ${hintOf(value)}`).toEqual([]);
      }
      // The scan itself can find what it looks for.
      expect(rows.some((row) => row.includes(hintOf(apiValue)))).toBe(true);
    });
  });
});
