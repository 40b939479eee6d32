import { eq, inArray } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { analyses, projects, tokens, users } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { deleteUser } from "@/lib/users/manage";
import {
  api,
  apiSuite,
  databaseSnapshot,
  errorMessage,
  insertAgentApp,
  insertQuickUser,
  isValid,
  issueToken,
  passwordOf,
  removeUsersExcept,
  T0,
  webApi,
  type GenerateBody,
} from "./api";
import { testDatabases } from "./databases";

interface CreatedUser {
  user: { login: string; name: string; email: string | null };
}

describe.each(testDatabases())("users API on $name", (target) => {
  const suite = apiSuite(target);
  // The admin acts through a user token: a password costs an argon2 verification per request.
  let adminToken: string;
  beforeEach(async () => {
    await removeUsersExcept(suite.db, suite.users);
    adminToken = await issueToken(suite.db, { kind: "user", name: "admin-cli", userId: suite.users.admin.user.id });
  });
  const asAdmin = () => ({ bearer: adminToken });
  const userRow = async (login: string) => (await suite.db.select().from(users).where(eq(users.login, login)))[0];

  describe("POST /api/users/create", () => {
    it("creates a plain user who can then authenticate with login:password", async () => {
      const res = await webApi.usersCreate({
        auth: passwordOf(suite.users.admin),
        form: { login: "carol", name: "Carol Jones", email: "carol@example.com", password: "carol-secret-1" },
      });
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).not.toContain("carol-secret-1");
      expect(JSON.parse(text)).toEqual({ user: { login: "carol", name: "Carol Jones", email: "carol@example.com" } });

      const row = await userRow("carol");
      expect(row?.role).toBe("user");
      expect(row?.passwordHash).toMatch(/^\$argon2id\$/);
      expect(row?.passwordHash).not.toContain("carol-secret-1");

      const validate = await api.validate({ auth: { login: "carol", password: "carol-secret-1" } });
      expect(await validate.json()).toEqual({ valid: true });
      // A plain user: not an administrator.
      const forbidden = await webApi.projectsCreate({
        auth: { login: "carol", password: "carol-secret-1" },
        form: { project: "x", name: "X" },
      });
      expect(forbidden.status).toBe(403);
      expect(await errorMessage(forbidden)).toBe("Insufficient privileges");
    });

    it("answers email null when none is given (absent or empty), and takes JSON bodies", async () => {
      const absent = await webApi.usersCreate({
        auth: asAdmin(),
        form: { login: "dan", name: "Dan", password: "12345678" },
      });
      expect(absent.status).toBe(200);
      expect(await absent.json()).toEqual({ user: { login: "dan", name: "Dan", email: null } });
      const empty = await webApi.usersCreate({
        auth: asAdmin(),
        json: { login: "erin", name: "Erin", email: "", password: "erin-password" },
      });
      expect(empty.status).toBe(200);
      expect(await empty.json()).toEqual({ user: { login: "erin", name: "Erin", email: null } });
      expect((await userRow("erin"))?.email).toBeNull();
    });

    it("ignores a role parameter: the API creates plain users", async () => {
      const res = await webApi.usersCreate({
        auth: asAdmin(),
        form: { login: "mallory", name: "Mallory", password: "mallory-password", role: "admin" },
      });
      expect(res.status).toBe(200);
      expect((await userRow("mallory"))?.role).toBe("user");
    });

    it("accepts logins of 2 and 255 characters made of letters, digits, '.', '-', '_' and '@'", async () => {
      for (const login of ["ab", `a.b-c_d@e${"x".repeat(246)}`]) {
        const res = await webApi.usersCreate({ auth: asAdmin(), form: { login, name: "N", password: "password" } });
        expect(res.status, login).toBe(200);
        expect(((await res.json()) as CreatedUser).user.login).toBe(login);
      }
    });

    it("refuses a duplicate login with 'already exists' and changes nothing", async () => {
      const before = await databaseSnapshot(suite.db);
      const res = await webApi.usersCreate({
        auth: asAdmin(),
        form: { login: "alice", name: "Another Alice", password: "another-password" },
      });
      expect(res.status).toBe(400);
      expect(await errorMessage(res)).toContain("already exists");
      expect(await databaseSnapshot(suite.db)).toEqual(before);
      // Alice's own password still works.
      expect(await (await api.validate({ auth: passwordOf(suite.users.alice) })).json()).toEqual({ valid: true });
    });

    it("lets exactly one of two racing creations of the same login win", async () => {
      const responses = await Promise.all(
        ["First", "Second"].map((name) =>
          webApi.usersCreate({ auth: asAdmin(), form: { login: "twin", name, password: "twin-password" } }),
        ),
      );
      expect(responses.map((r) => r.status).sort()).toEqual([200, 400]);
      const loser = responses.find((r) => r.status === 400);
      if (loser) expect(await errorMessage(loser)).toContain("already exists");
      expect(await suite.db.select().from(users).where(eq(users.login, "twin"))).toHaveLength(1);
    });

    const valid = { login: "frank", name: "Frank", email: "frank@example.com", password: "frank-password" };
    it.each([
      ["login", "missing", { ...valid, login: undefined }],
      ["login", "1 character", { ...valid, login: "f" }],
      ["login", "256 characters", { ...valid, login: "f".repeat(256) }],
      ["login", "with a space", { ...valid, login: "frank smith" }],
      ["login", "with é", { ...valid, login: "frédéric" }],
      ["login", "with a slash", { ...valid, login: "a/b" }],
      ["name", "missing", { ...valid, name: undefined }],
      ["name", "blank", { ...valid, name: "   " }],
      ["email", "not an address", { ...valid, email: "frank-at-example" }],
      ["password", "missing", { ...valid, password: undefined }],
      ["password", "7 characters", { ...valid, password: "1234567" }],
    ])("refuses a bad %s (%s) with a 400 naming it, creating nothing", async (param, _case, input) => {
      const formBody = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Record<
        string,
        string
      >;
      const before = await databaseSnapshot(suite.db);
      const res = await webApi.usersCreate({ auth: asAdmin(), form: formBody });
      expect(res.status).toBe(400);
      const msg = await errorMessage(res);
      expect(msg).toContain(`'${param}'`);
      if (formBody.password) expect(msg).not.toContain(formBody.password);
      expect(await databaseSnapshot(suite.db)).toEqual(before);
    });
  });

  describe("POST /api/users/delete", () => {
    it("deletes the user and every token they own, which stop authenticating at once", async () => {
      const victim = (await insertQuickUser(suite.db, "victim")).user;
      await suite.db.update(users).set({ allowAgentApps: true }).where(eq(users.id, victim.id));
      const [project] = await suite.db.insert(projects).values({ key: "p1", name: "P1" }).returning();
      const appId = await insertAgentApp(suite.db, "app", suite.users.admin.user);
      const owned = [
        await issueToken(suite.db, { kind: "user", name: "u", userId: victim.id }),
        await issueToken(suite.db, { kind: "global_analysis", name: "g", userId: victim.id }),
        await issueToken(suite.db, { kind: "project_analysis", name: "p", userId: victim.id, projectId: project?.id }),
        await issueToken(suite.db, {
          kind: "agent",
          name: "a",
          userId: victim.id,
          agentAppId: appId,
          expiresAt: new Date(T0.getTime() + 3_600_000),
        }),
      ];
      const bystander = await issueToken(suite.db, { kind: "user", name: "u", userId: suite.users.bob.user.id });
      for (const token of owned) expect(await isValid(token)).toBe(true);

      const res = await webApi.usersDelete({ auth: asAdmin(), form: { login: "victim" } });
      expect(res.status).toBe(204);
      expect(await res.text()).toBe("");
      expect(await userRow("victim")).toBeUndefined();
      for (const token of owned) expect(await isValid(token)).toBe(false);
      expect(await suite.db.select().from(tokens).where(eq(tokens.userId, victim.id))).toEqual([]);
      expect(await isValid(bystander)).toBe(true);
      // Password sign-in is gone too.
      expect(await (await api.validate({ auth: { login: "victim", password: "quick-user-password" } })).json()).toEqual(
        {
          valid: false,
        },
      );
    });

    it("keeps the tokens the deleted user generated for others, with the creator's login", async () => {
      const otherAdmin = await insertQuickUser(suite.db, "admin2", "admin");
      const gen = await api.generate({ auth: passwordOf(otherAdmin), form: { name: "from-admin2", login: "alice" } });
      expect(gen.status).toBe(200);
      const { token } = (await gen.json()) as GenerateBody;

      const res = await webApi.usersDelete({ auth: asAdmin(), form: { login: "admin2" } });
      expect(res.status).toBe(204);
      expect(await isValid(token)).toBe(true);
      const [row] = await suite.db.select().from(tokens).where(eq(tokens.name, "from-admin2"));
      expect(row).toMatchObject({ userId: suite.users.alice.user.id, createdById: null, createdByLogin: "admin2" });
    });

    it("keeps the analyses the deleted user submitted, with their login", async () => {
      const victim = await insertQuickUser(suite.db, "victim");
      await suite.db.insert(projects).values({ key: "p1", name: "P1" });
      const submit = await webApi.addUser({ auth: asAdmin(), form: { login: "victim", permission: "scan" } });
      expect(submit.status).toBe(204);
      const scan = await webApi.ceSubmit({ auth: passwordOf(victim), form: { projectKey: "p1" } });
      expect(scan.status).toBe(200);
      expect((await webApi.usersDelete({ auth: asAdmin(), form: { login: "victim" } })).status).toBe(204);
      const rows = await suite.db.select().from(analyses);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ submittedById: null, submittedByLogin: "victim" });
    });

    it("refuses an admin deleting themselves (400), changing nothing", async () => {
      const before = await databaseSnapshot(suite.db);
      for (const auth of [passwordOf(suite.users.admin), asAdmin()]) {
        const res = await webApi.usersDelete({ auth, form: { login: "root" } });
        expect(res.status).toBe(400);
        expect(await errorMessage(res)).toMatch(/own account/);
      }
      expect(await databaseSnapshot(suite.db)).toEqual(before);
    });

    it("answers 404 for an unknown login and 400 for a missing one", async () => {
      const before = await databaseSnapshot(suite.db);
      const unknown = await webApi.usersDelete({ auth: asAdmin(), form: { login: "nobody" } });
      expect(unknown.status).toBe(404);
      expect(await errorMessage(unknown)).toContain("nobody");
      for (const formBody of [{}, { login: "" }, { login: "  " }] as Record<string, string>[]) {
        const missing = await webApi.usersDelete({ auth: asAdmin(), form: formBody });
        expect(missing.status).toBe(400);
        expect(await errorMessage(missing)).toContain("'login'");
      }
      expect(await databaseSnapshot(suite.db)).toEqual(before);
    });

    it("never deletes the last admin (domain rule, whoever asks)", async () => {
      // Through the API the actor is an admin, so a second one always exists; the rule itself holds
      // for any actor, which the race below relies on.
      const before = await databaseSnapshot(suite.db);
      const attempt = deleteUser(suite.db, suite.users.admin.user, {
        actor: suite.users.alice.user,
        clientIp: null,
        at: T0,
      });
      await expect(attempt).rejects.toBeInstanceOf(AppError);
      await expect(attempt).rejects.toMatchObject({
        status: 400,
        message: expect.stringContaining("last administrator"),
      });
      expect(await databaseSnapshot(suite.db)).toEqual(before);
    });

    it("leaves one admin when the only two admins delete each other at the same time", async () => {
      // root is demoted for the duration, so that "a" and "b" are the only admins.
      await suite.db.update(users).set({ role: "user" }).where(eq(users.id, suite.users.admin.user.id));
      try {
        for (let round = 0; round < 8; round++) {
          const a = (await insertQuickUser(suite.db, `a${round}`, "admin")).user;
          const b = (await insertQuickUser(suite.db, `b${round}`, "admin")).user;
          const tokenA = await issueToken(suite.db, { kind: "user", name: "t", userId: a.id });
          const tokenB = await issueToken(suite.db, { kind: "user", name: "t", userId: b.id });
          const responses = await Promise.all([
            webApi.usersDelete({ auth: { bearer: tokenA }, form: { login: b.login } }),
            webApi.usersDelete({ auth: { bearer: tokenB }, form: { login: a.login } }),
          ]);
          const statuses = responses.map((r) => r.status);
          expect(
            statuses.filter((s) => s === 204),
            `round ${round}: ${statuses}`,
          ).toHaveLength(1);
          const loser = responses.find((r) => r.status !== 204);
          // The loser is refused as the last admin, or no longer authenticates if it came second.
          expect([400, 401], `round ${round}: ${statuses}`).toContain(loser?.status);
          if (loser) await errorMessage(loser);
          const admins = await suite.db.select().from(users).where(eq(users.role, "admin"));
          expect(admins, `round ${round}`).toHaveLength(1);
          await suite.db.delete(users).where(inArray(users.id, [a.id, b.id]));
        }
      } finally {
        await suite.db.update(users).set({ role: "admin" }).where(eq(users.id, suite.users.admin.user.id));
      }
    });
  });
});
