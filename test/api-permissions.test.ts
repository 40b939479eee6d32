import { beforeEach, describe, expect, it } from "vitest";
import { projects, scanPermissions } from "@/db/schema";
import {
  api,
  apiSuite,
  databaseSnapshot,
  errorMessage,
  isValid,
  issueToken,
  passwordOf,
  webApi,
  type Credentials,
  type GenerateBody,
} from "./api";
import { testDatabases } from "./databases";

interface SearchBody {
  paging: { total: number };
  components: { key: string }[];
}

describe.each(testDatabases())("permissions API on $name", (target) => {
  const suite = apiSuite(target);
  // Tokens rather than passwords: a password costs an argon2 verification per request.
  let asAdmin: Credentials;
  let asAlice: Credentials;
  beforeEach(async () => {
    asAdmin = { bearer: await issueToken(suite.db, { kind: "user", name: "cli", userId: suite.users.admin.user.id }) };
    asAlice = { bearer: await issueToken(suite.db, { kind: "user", name: "cli", userId: suite.users.alice.user.id }) };
    await suite.db.insert(projects).values([
      { key: "p1", name: "Project 1" },
      { key: "p2", name: "Project 2" },
    ]);
  });

  const grants = async () => {
    const rows = await suite.db
      .select({ userId: scanPermissions.userId, projectId: scanPermissions.projectId })
      .from(scanPermissions);
    const projectKeys = new Map((await suite.db.select().from(projects)).map((p) => [p.id, p.key]));
    const logins = new Map(Object.values(suite.users).map((u) => [u.user.id, u.user.login]));
    return rows.map((r) => `${logins.get(r.userId)}:${r.projectId ? projectKeys.get(r.projectId) : "*"}`).sort();
  };
  const grant = (form: Record<string, string>) =>
    webApi.addUser({ auth: asAdmin, form: { permission: "scan", ...form } });
  const revoke = (form: Record<string, string>) =>
    webApi.removeUser({ auth: asAdmin, form: { permission: "scan", ...form } });
  const expect204 = async (res: Promise<Response>) => {
    const r = await res;
    expect(r.status, await r.clone().text()).toBe(204);
    expect(await r.text()).toBe("");
  };
  const generate = (auth: Credentials, form: Record<string, string>) => api.generate({ auth, form });
  const searchKeys = async (auth: Credentials) => {
    const res = await webApi.projectsSearch({ auth });
    expect(res.status).toBe(200);
    return ((await res.json()) as SearchBody).components.map((c) => c.key);
  };
  const submit = (auth: Credentials, projectKey: string) => webApi.ceSubmit({ auth, form: { projectKey } });

  describe("add_user and remove_user", () => {
    it("grant and remove globally or per project, idempotently", async () => {
      await expect204(
        webApi.addUser({ auth: passwordOf(suite.users.admin), form: { login: "alice", permission: "scan" } }),
      );
      await expect204(grant({ login: "alice" }));
      await expect204(grant({ login: "alice", projectKey: "p1" }));
      await expect204(grant({ login: "alice", projectKey: "p1" }));
      await expect204(grant({ login: "bob", projectKey: "p2" }));
      expect(await grants()).toEqual(["alice:*", "alice:p1", "bob:p2"]);
      // An empty projectKey means global, as no projectKey does.
      await expect204(revoke({ login: "alice", projectKey: "" }));
      expect(await grants()).toEqual(["alice:p1", "bob:p2"]);
      await expect204(revoke({ login: "alice" }));
      await expect204(revoke({ login: "alice", projectKey: "p2" }));
      expect(await grants()).toEqual(["alice:p1", "bob:p2"]);
      await expect204(revoke({ login: "alice", projectKey: "p1" }));
      await expect204(revoke({ login: "alice", projectKey: "p1" }));
      expect(await grants()).toEqual(["bob:p2"]);
    });

    it("survive racing identical grants: one row, every request 204", async () => {
      const responses = await Promise.all(Array.from({ length: 5 }, () => grant({ login: "alice", projectKey: "p1" })));
      expect(responses.map((r) => r.status)).toEqual([204, 204, 204, 204, 204]);
      const globals = await Promise.all(Array.from({ length: 5 }, () => grant({ login: "alice" })));
      expect(globals.map((r) => r.status)).toEqual([204, 204, 204, 204, 204]);
      expect(await grants()).toEqual(["alice:*", "alice:p1"]);
    });

    for (const [route, call] of [
      ["add_user", webApi.addUser],
      ["remove_user", webApi.removeUser],
    ] as const) {
      it.each([
        ["permission", 400, { login: "alice" }],
        ["permission", 400, { login: "alice", permission: "" }],
        ["permission", 400, { login: "alice", permission: "admin" }],
        ["permission", 400, { login: "alice", permission: "SCAN" }],
        ["login", 400, { permission: "scan" }],
        ["login", 404, { login: "nobody", permission: "scan" }],
        ["projectKey", 404, { login: "alice", permission: "scan", projectKey: "nope" }],
      ])(`${route}: a bad %s answers %i and changes nothing`, async (param, status, form) => {
        await grant({ login: "alice", projectKey: "p1" });
        const before = await databaseSnapshot(suite.db);
        const res = await call({ auth: asAdmin, form });
        expect(res.status).toBe(status);
        const msg = await errorMessage(res);
        if (status === 400) expect(msg).toContain(`'${param}'`);
        else expect(msg).toMatch(/not found/);
        expect(await databaseSnapshot(suite.db)).toEqual(before);
      });
    }
  });

  describe("effects", () => {
    it("a global grant: every project in search, and a global analysis token", async () => {
      expect(await searchKeys(asAlice)).toEqual([]);
      const refused = await generate(asAlice, { name: "g", type: "GLOBAL_ANALYSIS_TOKEN" });
      expect(refused.status).toBe(403);
      expect(await errorMessage(refused)).toBe("Insufficient privileges");

      await expect204(grant({ login: "alice" }));
      expect(await searchKeys(asAlice)).toEqual(["p1", "p2"]);
      const res = await generate(asAlice, { name: "g", type: "GLOBAL_ANALYSIS_TOKEN" });
      expect(res.status).toBe(200);
      const body = (await res.json()) as GenerateBody;
      expect(body.token).toMatch(/^tsg_/);
      for (const key of ["p1", "p2"]) expect((await submit({ bearer: body.token }, key)).status).toBe(200);
      // And a project analysis token for any project.
      const p2 = await generate(asAlice, { name: "p2", type: "PROJECT_ANALYSIS_TOKEN", projectKey: "p2" });
      expect(p2.status).toBe(200);
    });

    it("a project grant: that project's analysis token only", async () => {
      await expect204(grant({ login: "alice", projectKey: "p1" }));
      expect(await searchKeys(asAlice)).toEqual(["p1"]);
      const ok = await generate(asAlice, { name: "p1", type: "PROJECT_ANALYSIS_TOKEN", projectKey: "p1" });
      expect(ok.status).toBe(200);
      const body = (await ok.json()) as GenerateBody;
      expect(body).toMatchObject({ type: "PROJECT_ANALYSIS_TOKEN", projectKey: "p1" });
      expect(body.token).toMatch(/^tsp_/);

      const other = await generate(asAlice, { name: "p2", type: "PROJECT_ANALYSIS_TOKEN", projectKey: "p2" });
      expect(other.status).toBe(403);
      expect(await errorMessage(other)).toBe("Insufficient privileges");
      const unknown = await generate(asAlice, { name: "px", type: "PROJECT_ANALYSIS_TOKEN", projectKey: "nope" });
      expect(unknown.status).toBe(404);
      await errorMessage(unknown);
      const global = await generate(asAlice, { name: "g", type: "GLOBAL_ANALYSIS_TOKEN" });
      expect(global.status).toBe(403);
      expect(await errorMessage(global)).toBe("Insufficient privileges");
      const names = ((await (await api.search({ auth: asAlice })).json()) as { userTokens: { name: string }[] })
        .userTokens;
      expect(names.map((t) => t.name).sort()).toEqual(["cli", "p1"]);
    });

    it("remove_user: the analysis tokens already held lose their power on the very next submit, yet stay valid", async () => {
      await expect204(grant({ login: "alice" }));
      await expect204(grant({ login: "alice", projectKey: "p1" }));
      const global = (
        (await (await generate(asAlice, { name: "g", type: "GLOBAL_ANALYSIS_TOKEN" })).json()) as GenerateBody
      ).token;
      const project = (
        (await (
          await generate(asAlice, { name: "p", type: "PROJECT_ANALYSIS_TOKEN", projectKey: "p1" })
        ).json()) as GenerateBody
      ).token;
      expect((await submit({ bearer: global }, "p2")).status).toBe(200);
      expect((await submit({ bearer: project }, "p1")).status).toBe(200);

      // Without the global grant: the global token still scans p1 (project grant), not p2.
      await expect204(revoke({ login: "alice" }));
      const p2 = await submit({ bearer: global }, "p2");
      expect(p2.status).toBe(403);
      expect(await errorMessage(p2)).toBe("Insufficient privileges");
      expect((await submit({ bearer: global }, "p1")).status).toBe(200);
      expect((await submit({ bearer: project }, "p1")).status).toBe(200);
      expect(await searchKeys(asAlice)).toEqual(["p1"]);

      // Without any grant: nothing scans, the tokens are still tokens.
      await expect204(revoke({ login: "alice", projectKey: "p1" }));
      for (const [token, key] of [
        [global, "p1"],
        [project, "p1"],
      ] as const) {
        const res = await submit({ bearer: token }, key);
        expect(res.status).toBe(403);
        expect(await errorMessage(res)).toBe("Insufficient privileges");
        expect(await isValid(token)).toBe(true);
      }
      expect(await searchKeys(asAlice)).toEqual([]);

      // Granting again restores them (the permission is read on every request).
      await expect204(grant({ login: "alice", projectKey: "p1" }));
      expect((await submit({ bearer: project }, "p1")).status).toBe(200);
    });
  });
});
