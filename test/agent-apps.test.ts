import { and, eq, inArray } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { POST as finishRoute } from "@/app/api/agent_tokens/finish/route";
import { POST as generateAgentRoute } from "@/app/api/agent_tokens/generate/route";
import { agentApps, auditEvents, projects, scanPermissions, tokens, users, type Project, type User } from "@/db/schema";
import { generateAgentToken, revokeOwnAgentToken, setAgentAppsAllowed } from "@/lib/agents/agent-tokens";
import { deleteAgentApp, registerAgentApp } from "@/lib/agents/apps";
import { AppError } from "@/lib/errors";
import {
  advance,
  api,
  apiRequest,
  apiSuite,
  errorMessage,
  generateWithPassword,
  isValid,
  T0,
  webApi,
  type CallOptions,
} from "./api";
import { testDatabases } from "./databases";

const agentApi = {
  generate: (o: CallOptions) => generateAgentRoute(apiRequest("POST", "/api/agent_tokens/generate", o)),
  finish: (o: CallOptions) => finishRoute(apiRequest("POST", "/api/agent_tokens/finish", o)),
};

interface AgentTokenBody {
  token: string;
  expiresAt: string;
}

const MINUTE_MS = 60_000;

describe.each(testDatabases())("agent apps and agent tokens on $name", (target) => {
  const suite = apiSuite(target);
  let credential: string;
  let appId: string;

  const alice = () => suite.users.alice.user;
  /** The audit context of a change `user` makes at T0. */
  const by = (user: User) => ({ actor: user, clientIp: null, at: T0 });
  const setConsent = (userId: string, allow: boolean) =>
    suite.db.update(users).set({ allowAgentApps: allow }).where(eq(users.id, userId));

  beforeEach(async () => {
    await suite.db.update(users).set({ allowAgentApps: false });
    const registered = await registerAgentApp(suite.db, { name: "Review bot" }, by(suite.users.admin.user));
    credential = registered.credential;
    appId = registered.app.id;
  });

  const generate = (params: Record<string, string>, token = credential) =>
    agentApi.generate({ auth: { bearer: token }, form: params });

  /** Generates an agent token for alice (who must allow agent apps) and returns its value. */
  async function agentTokenFor(task: string, login = "alice"): Promise<string> {
    const res = await generate({ login, task });
    expect(res.status, await res.clone().text()).toBe(200);
    return ((await res.json()) as AgentTokenBody).token;
  }

  describe("registering and deleting agent apps", () => {
    it("registers an app with a tsx_ credential that authenticates, stored only as a hash", async () => {
      const { app, credential: value } = await registerAgentApp(
        suite.db,
        { name: "  Fixer  " },
        by(suite.users.admin.user),
      );
      expect(app).toMatchObject({ name: "Fixer", createdByLogin: "root", createdById: suite.users.admin.user.id });
      expect(value).toMatch(/^tsx_[0-9A-Za-z]{38}$/);
      expect(await isValid(value)).toBe(true);
      const rows = await suite.db.select().from(tokens).where(eq(tokens.agentAppId, app.id));
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ kind: "agent_app", userId: null, name: "Fixer", hint: value.slice(-4) });
      expect(JSON.stringify(rows)).not.toContain(value.slice(4));
    });

    it("refuses a duplicate name with `already exists`, also when two admins race", async () => {
      await expect(registerAgentApp(suite.db, { name: "Review bot" }, by(suite.users.admin.user))).rejects.toThrow(
        /already exists/,
      );
      const race = await Promise.allSettled([
        registerAgentApp(suite.db, { name: "Twin" }, by(suite.users.admin.user)),
        registerAgentApp(suite.db, { name: "Twin" }, by(suite.users.admin.user)),
      ]);
      expect(race.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const refused = race.find((r) => r.status === "rejected");
      expect(refused?.status === "rejected" && refused.reason).toBeInstanceOf(AppError);
      expect(refused?.status === "rejected" && (refused.reason as AppError).message).toContain("already exists");
      expect(await suite.db.select().from(agentApps).where(eq(agentApps.name, "Twin"))).toHaveLength(1);
      for (const bad of ["   ", "x".repeat(101)]) {
        await expect(registerAgentApp(suite.db, { name: bad }, by(suite.users.admin.user))).rejects.toThrow(
          /Name (is required|must be at most 100)/,
        );
      }
      expect(await suite.db.select().from(agentApps)).toHaveLength(2);
      const credentials = await suite.db
        .select()
        .from(tokens)
        .where(and(eq(tokens.kind, "agent_app"), eq(tokens.name, "Twin")));
      expect(credentials).toHaveLength(1);
    });

    it("deleting an app kills its credential and its agent tokens at once", async () => {
      await setConsent(alice().id, true);
      const agentToken = await agentTokenFor("review PR 1");
      const other = await registerAgentApp(suite.db, { name: "Other bot" }, by(suite.users.admin.user));
      expect(await isValid(agentToken)).toBe(true);

      await deleteAgentApp(suite.db, appId, by(suite.users.admin.user));
      expect(await isValid(credential)).toBe(false);
      expect(await isValid(agentToken)).toBe(false);
      expect(await suite.db.select().from(tokens).where(eq(tokens.agentAppId, appId))).toEqual([]);
      expect(await isValid(other.credential)).toBe(true);
      await expect(deleteAgentApp(suite.db, appId, by(suite.users.admin.user))).rejects.toThrow("no longer exists");
    });
  });

  describe("POST /api/agent_tokens/generate", () => {
    it("answers {token, expiresAt} with no-store, one hour from now, for a user who allows agent apps", async () => {
      await setConsent(alice().id, true);
      const res = await generate({ login: "alice", task: "  review PR 42  " });
      expect(res.status).toBe(200);
      expect(res.headers.get("cache-control")).toBe("no-store");
      const body = (await res.json()) as AgentTokenBody;
      expect(Object.keys(body).sort()).toEqual(["expiresAt", "token"]);
      expect(body.token).toMatch(/^tsa_[0-9A-Za-z]{38}$/);
      expect(body.expiresAt).toBe(new Date(T0.getTime() + 60 * MINUTE_MS).toISOString());
      const [row] = await suite.db.select().from(tokens).where(eq(tokens.kind, "agent"));
      expect(row).toMatchObject({ userId: alice().id, agentAppId: appId, task: "review PR 42", finishedAt: null });
    });

    it("refuses with 403 Insufficient privileges unless the user allows agent apps", async () => {
      const res = await generate({ login: "alice", task: "review" });
      expect(res.status).toBe(403);
      expect(await errorMessage(res)).toBe("Insufficient privileges");
      expect(await suite.db.select().from(tokens).where(eq(tokens.kind, "agent"))).toEqual([]);
    });

    it("answers 404 for an unknown login", async () => {
      const res = await generate({ login: "nobody", task: "review" });
      expect(res.status).toBe(404);
      expect(await errorMessage(res)).toContain("nobody");
    });

    it.each([
      [{ task: "review" }, "login"],
      [{ login: "alice" }, "task"],
      [{ login: "alice", task: "   " }, "task"],
      [{ login: "alice", task: "x".repeat(201) }, "task"],
      [{ login: "alice", task: "line\nbreak" }, "task"],
    ])("answers 400 naming the parameter for %j", async (params, name) => {
      await setConsent(alice().id, true);
      const res = await generate(params);
      expect(res.status).toBe(400);
      expect(await errorMessage(res)).toContain(`'${name}'`);
      expect(await suite.db.select().from(tokens).where(eq(tokens.kind, "agent"))).toEqual([]);
    });

    it("accepts a task of 200 characters", async () => {
      await setConsent(alice().id, true);
      expect((await generate({ login: "alice", task: "x".repeat(200) })).status).toBe(200);
    });

    it("refuses every caller but an agent app credential with 403", async () => {
      await setConsent(alice().id, true);
      const userToken = (await generateWithPassword(suite.users.alice, "cli")).token;
      const agentToken = await agentTokenFor("first");
      for (const [who, auth] of [
        ["user token", { bearer: userToken }],
        ["agent token", { bearer: agentToken }],
        ["admin by password", { login: "root", password: suite.users.admin.password }],
      ] as const) {
        const res = await agentApi.generate({ auth, form: { login: "alice", task: "second" } });
        expect(res.status, who).toBe(403);
        expect(await errorMessage(res)).toBe("Insufficient privileges");
      }
      expect(await suite.db.select().from(tokens).where(eq(tokens.kind, "agent"))).toHaveLength(1);
      expect((await agentApi.generate({ form: { login: "alice", task: "x" } })).status).toBe(401);
    });

    it("refuses a second live token for the same task with `already exists`, also under a race", async () => {
      await setConsent(alice().id, true);
      await agentTokenFor("review PR 7");
      const again = await generate({ login: "alice", task: "review PR 7" });
      expect(again.status).toBe(400);
      expect(await errorMessage(again)).toContain("already exists");

      const race = await Promise.all([
        generate({ login: "alice", task: "raced" }),
        generate({ login: "alice", task: "raced" }),
      ]);
      expect(race.map((r) => r.status).sort()).toEqual([200, 400]);
      const raced = await suite.db.select().from(tokens).where(eq(tokens.task, "raced"));
      expect(raced).toHaveLength(1);
      // Other tasks, other users and other apps are not duplicates.
      await setConsent(suite.users.bob.user.id, true);
      await agentTokenFor("review PR 7", "bob");
      await agentTokenFor("review PR 8");
    });

    it("replaces a finished or expired token of the same task", async () => {
      await setConsent(alice().id, true);
      const first = await agentTokenFor("task");
      expect((await agentApi.finish({ auth: { bearer: first } })).status).toBe(204);
      const second = await agentTokenFor("task");
      advance(60 * MINUTE_MS);
      expect(await isValid(second)).toBe(false);
      const third = await agentTokenFor("task");
      expect(await isValid(third)).toBe(true);
      expect(await suite.db.select().from(tokens).where(eq(tokens.task, "task"))).toHaveLength(1);
    });
  });

  describe("the life of an agent token", () => {
    it("is valid for 59 minutes and refused from the 60th", async () => {
      await setConsent(alice().id, true);
      const token = await agentTokenFor("hour");
      advance(59 * MINUTE_MS);
      expect(await isValid(token)).toBe(true);
      advance(MINUTE_MS);
      expect(await isValid(token)).toBe(false);
      expect((await api.search({ auth: { bearer: token } })).status).toBe(401);
    });

    it("finish answers 204 and the token is dead from then on; it cannot finish twice", async () => {
      await setConsent(alice().id, true);
      const token = await agentTokenFor("done soon");
      const other = await agentTokenFor("still running");
      const res = await agentApi.finish({ auth: { bearer: token } });
      expect(res.status).toBe(204);
      expect(await res.text()).toBe("");
      expect(await isValid(token)).toBe(false);
      const again = await agentApi.finish({ auth: { bearer: token } });
      expect(again.status).toBe(401);
      expect(await isValid(other)).toBe(true);
      const [row] = await suite.db.select().from(tokens).where(eq(tokens.task, "done soon"));
      expect(row?.finishedAt).toEqual(T0);
    });

    it("only an agent token may finish (itself): other callers get 403", async () => {
      await setConsent(alice().id, true);
      const userToken = (await generateWithPassword(suite.users.alice, "cli")).token;
      for (const auth of [{ bearer: credential }, { bearer: userToken }]) {
        const res = await agentApi.finish({ auth });
        expect(res.status).toBe(403);
        expect(await errorMessage(res)).toBe("Insufficient privileges");
      }
      expect((await agentApi.finish({})).status).toBe(401);
    });

    it("turning consent off kills the user's live agent tokens at once, and only theirs", async () => {
      await setConsent(alice().id, true);
      await setConsent(suite.users.bob.user.id, true);
      const aliceToken = await agentTokenFor("a");
      const bobToken = await agentTokenFor("b", "bob");
      const result = await setAgentAppsAllowed(suite.db, false, by(alice()));
      expect(result).toEqual({ agentTokensDeleted: 1 });
      expect(await isValid(aliceToken)).toBe(false);
      expect(await isValid(bobToken)).toBe(true);
      expect((await generate({ login: "alice", task: "c" })).status).toBe(403);
      await setAgentAppsAllowed(suite.db, true, by(alice()));
      expect(await isValid(await agentTokenFor("c"))).toBe(true);
    });

    it("does not authenticate while its user does not allow agent apps, even if the token row remains", async () => {
      await setConsent(alice().id, true);
      const token = await agentTokenFor("a");
      await setConsent(alice().id, false);
      expect(await isValid(token)).toBe(false);
    });

    it("acts with its user's current permissions, but may not generate or revoke tokens", async () => {
      await setConsent(alice().id, true);
      const [p1, p2] = (await suite.db
        .insert(projects)
        .values([
          { key: "p1", name: "P1" },
          { key: "p2", name: "P2" },
        ])
        .returning()) as [Project, Project];
      await suite.db.insert(scanPermissions).values({ userId: alice().id, projectId: p1.id });
      await generateWithPassword(suite.users.alice, "keep");
      const token = await agentTokenFor("scan");
      const auth = { bearer: token };

      expect((await webApi.ceSubmit({ auth, form: { projectKey: "p1" } })).status).toBe(200);
      expect((await webApi.ceSubmit({ auth, form: { projectKey: "p2" } })).status).toBe(403);
      // The permission follows the user: granted later, it applies at once; removed, it stops.
      await suite.db.insert(scanPermissions).values({ userId: alice().id, projectId: p2.id });
      expect((await webApi.ceSubmit({ auth, form: { projectKey: "p2" } })).status).toBe(200);
      await suite.db.delete(scanPermissions).where(eq(scanPermissions.userId, alice().id));
      expect((await webApi.ceSubmit({ auth, form: { projectKey: "p1" } })).status).toBe(403);

      const gen = await api.generate({ auth, form: { name: "sneaky" } });
      expect(gen.status).toBe(403);
      expect(await errorMessage(gen)).toBe("Insufficient privileges");
      const rev = await api.revoke({ auth, form: { name: "keep" } });
      expect(rev.status).toBe(403);
      expect(
        await suite.db
          .select()
          .from(tokens)
          .where(inArray(tokens.name, ["keep", "sneaky"])),
      ).toHaveLength(1);
    });

    it("a user revokes their own agent token, never another user's", async () => {
      await setConsent(alice().id, true);
      const token = await agentTokenFor("revoke me");
      const [row] = await suite.db.select().from(tokens).where(eq(tokens.task, "revoke me"));
      if (!row) throw new Error("no row");
      await expect(revokeOwnAgentToken(suite.db, row.id, by(suite.users.bob.user))).rejects.toThrow("Token not found.");
      expect(await isValid(token)).toBe(true);
      await revokeOwnAgentToken(suite.db, row.id, by(alice()));
      expect(await isValid(token)).toBe(false);
    });

    it("a token generated while consent is being withdrawn does not survive it", async () => {
      await setConsent(alice().id, true);
      const [generated] = await Promise.all([
        generateAgentToken(
          suite.db,
          { agentAppId: appId, login: "alice", task: "race" },
          { clientIp: null, at: T0 },
        ).catch(() => null),
        setAgentAppsAllowed(suite.db, false, by(alice())),
      ]);
      if (generated) expect(await isValid(generated.value)).toBe(false);
      expect(await suite.db.select().from(tokens).where(eq(tokens.kind, "agent"))).toEqual([]);
    });
  });

  it("records every step in the audit trail, never a token value", async () => {
    const { credential: appCredential } = await registerAgentApp(
      suite.db,
      { name: "Audited bot" },
      by(suite.users.admin.user),
    );
    const [app] = await suite.db.select().from(agentApps).where(eq(agentApps.name, "Audited bot"));
    if (!app) throw new Error("no app");
    await setAgentAppsAllowed(suite.db, true, by(alice()));
    const values = [appCredential];
    const gen = async (task: string) => {
      const res = await generate({ login: "alice", task }, appCredential);
      const value = ((await res.json()) as AgentTokenBody).token;
      values.push(value);
      return value;
    };
    const finished = await gen("audited finish");
    expect((await agentApi.finish({ auth: { bearer: finished } })).status).toBe(204);
    await gen("audited revoke");
    const [toRevoke] = await suite.db.select().from(tokens).where(eq(tokens.task, "audited revoke"));
    await revokeOwnAgentToken(suite.db, toRevoke?.id ?? "", by(alice()));
    await setAgentAppsAllowed(suite.db, false, by(alice()));
    await deleteAgentApp(suite.db, app.id, by(suite.users.admin.user));

    const rows = await suite.db.select().from(auditEvents);
    const mine = rows.filter((r) => JSON.stringify(r).includes("Audited bot") || r.action === "agent_apps.consent");
    const summary = mine.map((r) => [r.action, r.actorLogin, r.targetLogin, r.tokenKind]);
    expect(summary).toEqual(
      expect.arrayContaining([
        ["agent_app.register", "root", null, "agent_app"],
        ["token.generate", null, "alice", "agent"],
        ["token.finish", "alice", "alice", "agent"],
        ["token.revoke", "alice", "alice", "agent"],
        ["agent_apps.consent", "alice", "alice", null],
        ["agent_app.delete", "root", null, null],
      ]),
    );
    const generated = mine.find((r) => r.action === "token.generate" && r.tokenHint === finished.slice(-4));
    expect(generated?.details).toEqual({ agentApp: "Audited bot", task: "audited finish" });
    const everything = JSON.stringify(rows);
    for (const value of values) {
      expect(everything).not.toContain(value);
      expect(everything).not.toContain(value.slice(4, 36));
    }
  });
});
