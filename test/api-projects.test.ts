import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { analyses, projects, scanPermissions, tokens } from "@/db/schema";
import {
  apiSuite,
  databaseSnapshot,
  errorMessage,
  isValid,
  issueToken,
  passwordOf,
  webApi,
  type Credentials,
} from "./api";
import { testDatabases } from "./databases";

interface SearchBody {
  paging: { pageIndex: number; pageSize: number; total: number };
  components: { key: string; name: string; qualifier: string; visibility: string }[];
}

describe.each(testDatabases())("projects API on $name", (target) => {
  const suite = apiSuite(target);
  // Tokens rather than passwords: a password costs an argon2 verification per request.
  let asAdmin: Credentials;
  let asAlice: Credentials;
  beforeEach(async () => {
    asAdmin = { bearer: await issueToken(suite.db, { kind: "user", name: "cli", userId: suite.users.admin.user.id }) };
    asAlice = { bearer: await issueToken(suite.db, { kind: "user", name: "cli", userId: suite.users.alice.user.id }) };
  });
  const projectRows = () => suite.db.select({ key: projects.key, name: projects.name }).from(projects);
  const addProject = async (key: string, name: string) => {
    const [row] = await suite.db.insert(projects).values({ key, name }).returning();
    if (!row) throw new Error("no project");
    return row;
  };

  describe("POST /api/projects/create", () => {
    it("creates a project", async () => {
      const res = await webApi.projectsCreate({
        auth: passwordOf(suite.users.admin),
        form: { project: "my-app", name: "My App" },
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ project: { key: "my-app", name: "My App" } });
      expect(await projectRows()).toEqual([{ key: "my-app", name: "My App" }]);
    });

    it("accepts SonarQube-style keys up to 400 characters, and JSON bodies", async () => {
      for (const key of ["org.example:my_app-2", "1a", "k".repeat(400)]) {
        const res = await webApi.projectsCreate({ auth: asAdmin, json: { project: key, name: "N" } });
        expect(res.status, key).toBe(200);
      }
      expect(await projectRows()).toHaveLength(3);
    });

    it("refuses a duplicate key with 'already exists' and changes nothing", async () => {
      await addProject("my-app", "My App");
      const before = await databaseSnapshot(suite.db);
      const res = await webApi.projectsCreate({ auth: asAdmin, form: { project: "my-app", name: "Other" } });
      expect(res.status).toBe(400);
      expect(await errorMessage(res)).toContain("already exists");
      expect(await databaseSnapshot(suite.db)).toEqual(before);
    });

    it("lets exactly one of two racing creations of the same key win", async () => {
      const responses = await Promise.all(
        ["One", "Two"].map((name) => webApi.projectsCreate({ auth: asAdmin, form: { project: "race", name } })),
      );
      expect(responses.map((r) => r.status).sort()).toEqual([200, 400]);
      const loser = responses.find((r) => r.status === 400);
      if (loser) expect(await errorMessage(loser)).toContain("already exists");
      expect(await projectRows()).toHaveLength(1);
    });

    it.each([
      ["project", "missing", { name: "N" }],
      ["project", "with a space", { project: "my app", name: "N" }],
      ["project", "all digits", { project: "12345", name: "N" }],
      ["project", "longer than 400 characters", { project: "k".repeat(401), name: "N" }],
      ["project", "with a slash", { project: "a/b", name: "N" }],
      ["name", "missing", { project: "ok" }],
      ["name", "blank", { project: "ok", name: "  " }],
      ["name", "with a control character", { project: "ok", name: "a\tb" }],
    ])("refuses a bad %s (%s) with a 400 naming it", async (param, _case, formBody) => {
      const res = await webApi.projectsCreate({ auth: asAdmin, form: formBody });
      expect(res.status).toBe(400);
      expect(await errorMessage(res)).toContain(`'${param}'`);
      expect(await projectRows()).toEqual([]);
    });
  });

  describe("POST /api/projects/delete", () => {
    it("deletes the project with its analysis tokens, grants and analyses; others survive", async () => {
      const doomed = await addProject("doomed", "Doomed");
      const kept = await addProject("kept", "Kept");
      const { alice } = suite.users;
      await suite.db.insert(scanPermissions).values([
        { userId: alice.user.id, projectId: doomed.id },
        { userId: alice.user.id, projectId: kept.id },
        { userId: alice.user.id, projectId: null },
      ]);
      const doomedToken = await issueToken(suite.db, {
        kind: "project_analysis",
        name: "doomed-scan",
        userId: alice.user.id,
        projectId: doomed.id,
      });
      const keptToken = await issueToken(suite.db, {
        kind: "project_analysis",
        name: "kept-scan",
        userId: alice.user.id,
        projectId: kept.id,
      });
      const globalToken = await issueToken(suite.db, { kind: "global_analysis", name: "g", userId: alice.user.id });
      for (const key of ["doomed", "kept"]) {
        expect((await webApi.ceSubmit({ auth: asAlice, form: { projectKey: key } })).status).toBe(200);
      }
      expect(await isValid(doomedToken)).toBe(true);

      const res = await webApi.projectsDelete({ auth: asAdmin, form: { project: "doomed" } });
      expect(res.status).toBe(204);
      expect(await res.text()).toBe("");
      expect(await projectRows()).toEqual([{ key: "kept", name: "Kept" }]);
      expect(await isValid(doomedToken)).toBe(false);
      expect(await suite.db.select().from(tokens).where(eq(tokens.projectId, doomed.id))).toEqual([]);
      expect(await suite.db.select().from(scanPermissions).where(eq(scanPermissions.projectId, doomed.id))).toEqual([]);
      expect(await suite.db.select().from(analyses).where(eq(analyses.projectId, doomed.id))).toEqual([]);
      // What belonged to the other project, and the global grant, are untouched.
      expect(await isValid(keptToken)).toBe(true);
      expect(await isValid(globalToken)).toBe(true);
      expect(await suite.db.select().from(scanPermissions)).toHaveLength(2);
      expect(await suite.db.select().from(analyses)).toHaveLength(1);
      // A second delete finds nothing.
      const again = await webApi.projectsDelete({ auth: asAdmin, form: { project: "doomed" } });
      expect(again.status).toBe(404);
    });

    it("answers 404 for an unknown project and 400 for a missing one, changing nothing", async () => {
      await addProject("kept", "Kept");
      const before = await databaseSnapshot(suite.db);
      const unknown = await webApi.projectsDelete({ auth: asAdmin, form: { project: "nope" } });
      expect(unknown.status).toBe(404);
      expect(await errorMessage(unknown)).toContain("nope");
      for (const formBody of [{}, { project: "" }] as Record<string, string>[]) {
        const missing = await webApi.projectsDelete({ auth: asAdmin, form: formBody });
        expect(missing.status).toBe(400);
        expect(await errorMessage(missing)).toContain("'project'");
      }
      expect(await databaseSnapshot(suite.db)).toEqual(before);
    });
  });

  describe("GET /api/projects/search", () => {
    const search = async (auth: Credentials, query: Record<string, string> = {}) => {
      const res = await webApi.projectsSearch({ auth, query });
      expect(res.status).toBe(200);
      return (await res.json()) as SearchBody;
    };
    const keys = (body: SearchBody) => body.components.map((c) => c.key);

    it("lists every project for an admin, sorted by name, with SonarQube's paging", async () => {
      await addProject("zeta", "alpha project");
      await addProject("alpha", "gamma project");
      await addProject("mid", "beta project");
      const body = await search(passwordOf(suite.users.admin));
      expect(body).toEqual({
        paging: { pageIndex: 1, pageSize: 100, total: 3 },
        components: [
          { key: "zeta", name: "alpha project", qualifier: "TRK", visibility: "private" },
          { key: "mid", name: "beta project", qualifier: "TRK", visibility: "private" },
          { key: "alpha", name: "gamma project", qualifier: "TRK", visibility: "private" },
        ],
      });
    });

    it("lists only the projects a user may scan: none without grants, some with project grants, all with a global grant", async () => {
      const p1 = await addProject("p1", "one");
      const p2 = await addProject("p2", "two");
      const p3 = await addProject("p3", "three");
      expect(await search(asAlice)).toEqual({ paging: { pageIndex: 1, pageSize: 100, total: 0 }, components: [] });
      await suite.db.insert(scanPermissions).values([
        { userId: suite.users.alice.user.id, projectId: p1.id },
        { userId: suite.users.alice.user.id, projectId: p3.id },
        // Bob's grants are not Alice's.
        { userId: suite.users.bob.user.id, projectId: null },
        { userId: suite.users.bob.user.id, projectId: p2.id },
      ]);
      const some = await search(asAlice);
      expect(some.paging.total).toBe(2);
      expect(keys(some)).toEqual(["p1", "p3"]);
      await suite.db.insert(scanPermissions).values({ userId: suite.users.alice.user.id, projectId: null });
      const all = await search(asAlice);
      expect(all.paging.total).toBe(3);
      expect(keys(all)).toEqual(["p1", "p3", "p2"]);
    });

    it("filters by a case-insensitive substring of the key or the name, trimmed", async () => {
      await addProject("backend-api", "Payments");
      await addProject("frontend", "Shop Web");
      await addProject("tools", "Build Tools");
      expect(keys(await search(asAdmin, { q: "END" }))).toEqual(["backend-api", "frontend"]);
      expect(keys(await search(asAdmin, { q: "  web " }))).toEqual(["frontend"]);
      expect(keys(await search(asAdmin, { q: "pay" }))).toEqual(["backend-api"]);
      const none = await search(asAdmin, { q: "nothing-like-it" });
      expect(none).toEqual({ paging: { pageIndex: 1, pageSize: 100, total: 0 }, components: [] });
      expect((await search(asAdmin, { q: "" })).paging.total).toBe(3);
    });

    it("matches % and _ literally", async () => {
      await addProject("a_b", "plain one");
      await addProject("axb", "plain two");
      await addProject("c", "100% done");
      await addProject("d", "1000 done");
      expect(keys(await search(asAdmin, { q: "a_b" }))).toEqual(["a_b"]);
      expect(keys(await search(asAdmin, { q: "_" }))).toEqual(["a_b"]);
      expect(keys(await search(asAdmin, { q: "0%" }))).toEqual(["c"]);
      expect(keys(await search(asAdmin, { q: "%" }))).toEqual(["c"]);
      expect(keys(await search(asAdmin, { q: "\\" }))).toEqual([]);
    });

    it("pages with p (1-based) and ps, the total counting every match", async () => {
      for (let i = 1; i <= 5; i++) await addProject(`k${i}`, `project ${i}`);
      const page2 = await search(asAdmin, { p: "2", ps: "2" });
      expect(page2).toEqual({
        paging: { pageIndex: 2, pageSize: 2, total: 5 },
        components: [
          { key: "k3", name: "project 3", qualifier: "TRK", visibility: "private" },
          { key: "k4", name: "project 4", qualifier: "TRK", visibility: "private" },
        ],
      });
      expect(keys(await search(asAdmin, { p: "3", ps: "2" }))).toEqual(["k5"]);
      const beyond = await search(asAdmin, { p: "4", ps: "2" });
      expect(beyond).toEqual({ paging: { pageIndex: 4, pageSize: 2, total: 5 }, components: [] });
      expect((await search(asAdmin, { ps: "500" })).paging).toEqual({ pageIndex: 1, pageSize: 500, total: 5 });
    });

    it.each([
      ["p", "0"],
      ["p", "-1"],
      ["p", "1.5"],
      ["p", "abc"],
      ["p", "99999999999999999999"],
      ["ps", "0"],
      ["ps", "501"],
      ["ps", "abc"],
      ["q", "q".repeat(401)],
    ])("refuses %s=%j with a 400 naming it", async (param, value) => {
      const res = await webApi.projectsSearch({ auth: asAdmin, query: { [param]: value } });
      expect(res.status).toBe(400);
      expect(await errorMessage(res)).toContain(`'${param}'`);
    });
  });
});
