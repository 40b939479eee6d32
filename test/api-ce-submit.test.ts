import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import {
  analyses,
  organizationTokenProjects,
  projects,
  scanPermissions,
  tokens,
  users,
  type Project,
  type TokenKind,
} from "@/db/schema";
import {
  apiSuite,
  databaseSnapshot,
  errorMessage,
  insertAgentApp,
  insertQuickUser,
  issueToken,
  passwordOf,
  removeUsersExcept,
  T0,
  webApi,
  type Credentials,
} from "./api";
import { testDatabases } from "./databases";

interface SubmitBody {
  taskId: string;
  projectKey: string;
}

describe.each(testDatabases())("POST /api/ce/submit on $name", (target) => {
  const suite = apiSuite(target);
  let p1: Project;
  let p2: Project;
  let appId: string;
  beforeEach(async () => {
    await removeUsersExcept(suite.db, suite.users);
    const rows = await suite.db
      .insert(projects)
      .values([
        { key: "p1", name: "Project 1" },
        { key: "p2", name: "Project 2" },
      ])
      .returning();
    [p1, p2] = rows.sort((a, b) => a.key.localeCompare(b.key)) as [Project, Project];
    appId = await insertAgentApp(suite.db, "app", suite.users.admin.user);
    // Agent tokens authenticate only while their user allows agent apps.
    await suite.db.update(users).set({ allowAgentApps: true }).where(eq(users.id, suite.users.alice.user.id));
  });

  const aliceId = () => suite.users.alice.user.id;
  const grantAlice = (project: Project | null) =>
    suite.db.insert(scanPermissions).values({ userId: aliceId(), projectId: project?.id ?? null });
  const aliceToken = (
    kind: Extract<TokenKind, "user" | "global_analysis" | "project_analysis" | "agent">,
    project?: Project,
  ) =>
    issueToken(suite.db, {
      kind,
      name: `alice-${kind}`,
      userId: aliceId(),
      projectId: project?.id ?? null,
      agentAppId: kind === "agent" ? appId : null,
      expiresAt: kind === "agent" ? new Date(T0.getTime() + 3_600_000) : null,
    });
  const submit = (auth: Credentials | undefined, projectKey?: string) =>
    webApi.ceSubmit({ auth, form: projectKey === undefined ? {} : { projectKey } });
  /** Submits and checks the outcome: 200 with a recorded analysis, or a refusal that records nothing. */
  const expectOutcome = async (auth: Credentials | undefined, projectKey: string, status: number, why: string) => {
    const before = await databaseSnapshot(suite.db);
    const res = await submit(auth, projectKey);
    expect(res.status, why).toBe(status);
    if (status === 200) {
      const body = (await res.json()) as SubmitBody;
      expect(Object.keys(body).sort(), why).toEqual(["projectKey", "taskId"]);
      expect(body.projectKey, why).toBe(projectKey);
      const [row] = await suite.db.select().from(analyses).where(eq(analyses.id, body.taskId));
      expect(row, why).toBeDefined();
      return;
    }
    const msg = await errorMessage(res);
    if (status === 403) expect(msg, why).toBe("Insufficient privileges");
    expect(await databaseSnapshot(suite.db), `${why}: nothing may change`).toEqual(before);
  };

  it("records the analysis: project, submitter, token kind and name, time", async () => {
    await grantAlice(p1);
    const token = await aliceToken("project_analysis", p1);
    const res = await submit({ bearer: token }, "p1");
    expect(res.status).toBe(200);
    const body = (await res.json()) as SubmitBody;
    expect(body.projectKey).toBe("p1");
    expect(await suite.db.select().from(analyses)).toEqual([
      {
        id: body.taskId,
        projectId: p1.id,
        submittedById: aliceId(),
        submittedByLogin: "alice",
        tokenKind: "project_analysis",
        tokenName: "alice-project_analysis",
        createdAt: T0,
      },
    ]);
    // Each submission is its own task.
    const second = (await (await submit({ bearer: token }, "p1")).json()) as SubmitBody;
    expect(second.taskId).not.toBe(body.taskId);
  });

  it("records a password submission with no token", async () => {
    const res = await submit(passwordOf(suite.users.admin), "p2");
    expect(res.status).toBe(200);
    const [row] = await suite.db.select().from(analyses);
    expect(row).toMatchObject({ projectId: p2.id, submittedByLogin: "root", tokenKind: null, tokenName: null });
  });

  it("lets a user scan with Execute Analysis on the project: by password, user token and agent token", async () => {
    await grantAlice(p1);
    const callers: [string, Credentials][] = [
      ["password", passwordOf(suite.users.alice)],
      ["user token", { bearer: await aliceToken("user") }],
      ["agent token", { bearer: await aliceToken("agent") }],
    ];
    for (const [how, auth] of callers) {
      await expectOutcome(auth, "p1", 200, `alice by ${how} on p1 (project grant)`);
      await expectOutcome(auth, "p2", 403, `alice by ${how} on p2 (no grant)`);
    }
  });

  it("lets a user with a global grant scan every project", async () => {
    await grantAlice(null);
    const auth = { bearer: await aliceToken("user") };
    await expectOutcome(auth, "p1", 200, "p1");
    await expectOutcome(auth, "p2", 200, "p2");
  });

  it("refuses a user without any grant", async () => {
    await suite.db.insert(scanPermissions).values({ userId: suite.users.bob.user.id, projectId: null });
    const auth = { bearer: await aliceToken("user") };
    await expectOutcome(auth, "p1", 403, "alice without grants (bob has one)");
  });

  it("lets an admin scan every project without grants", async () => {
    const token = await issueToken(suite.db, { kind: "user", name: "t", userId: suite.users.admin.user.id });
    await expectOutcome({ bearer: token }, "p1", 200, "admin p1");
    await expectOutcome({ bearer: token }, "p2", 200, "admin p2");
  });

  it("lets a global analysis token scan any project its user may scan, and only those", async () => {
    await grantAlice(p1);
    const auth = { bearer: await aliceToken("global_analysis") };
    await expectOutcome(auth, "p1", 200, "tsg_ on p1 (project grant)");
    await expectOutcome(auth, "p2", 403, "tsg_ on p2 (no grant)");
    await grantAlice(null);
    await expectOutcome(auth, "p2", 200, "tsg_ on p2 (global grant)");
  });

  it("lets a project analysis token scan its own project only, even with a global grant", async () => {
    await grantAlice(null);
    const auth = { bearer: await aliceToken("project_analysis", p1) };
    await expectOutcome(auth, "p1", 200, "tsp_ for p1 on p1");
    await expectOutcome(auth, "p2", 403, "tsp_ for p1 on p2");
  });

  it("refuses analysis tokens once their user loses the permission (no longer admin)", async () => {
    const former = (await insertQuickUser(suite.db, "former-admin", "admin")).user;
    const global = await issueToken(suite.db, { kind: "global_analysis", name: "g", userId: former.id });
    const project = await issueToken(suite.db, {
      kind: "project_analysis",
      name: "p",
      userId: former.id,
      projectId: p1.id,
    });
    await expectOutcome({ bearer: global }, "p1", 200, "tsg_ of an admin");
    await expectOutcome({ bearer: project }, "p1", 200, "tsp_ of an admin");
    await suite.db.update(users).set({ role: "user" }).where(eq(users.id, former.id));
    await expectOutcome({ bearer: global }, "p1", 403, "tsg_ of a former admin");
    await expectOutcome({ bearer: project }, "p1", 403, "tsp_ of a former admin");
  });

  it("lets an organization token for all projects scan every project, and records it as the submitter", async () => {
    const org = await issueToken(suite.db, { kind: "organization", name: "org-all", allProjects: true });
    await expectOutcome({ bearer: org }, "p1", 200, "tso_ (all) on p1");
    await expectOutcome({ bearer: org }, "p2", 200, "tso_ (all) on p2");
    const [p3] = await suite.db.insert(projects).values({ key: "p3", name: "Later project" }).returning();
    await expectOutcome({ bearer: org }, p3?.key ?? "", 200, "tso_ (all) on a project created after it");
    const rows = await suite.db.select().from(analyses);
    expect(rows.map((r) => [r.tokenKind, r.tokenName, r.submittedById, r.submittedByLogin])).toEqual([
      ["organization", "org-all", null, null],
      ["organization", "org-all", null, null],
      ["organization", "org-all", null, null],
    ]);
  });

  it("keeps an organization token to its chosen projects; once they are deleted it scans nothing", async () => {
    const org = await issueToken(suite.db, { kind: "organization", name: "org-p1", allProjects: false });
    const [row] = await suite.db.select().from(tokens).where(eq(tokens.name, "org-p1"));
    await suite.db.insert(organizationTokenProjects).values({ tokenId: row?.id ?? "", projectId: p1.id });
    await expectOutcome({ bearer: org }, "p1", 200, "tso_ on its project");
    await expectOutcome({ bearer: org }, "p2", 403, "tso_ on a project outside its scope");
    await suite.db.delete(projects).where(eq(projects.id, p1.id));
    expect(await suite.db.select().from(organizationTokenProjects)).toEqual([]);
    await expectOutcome({ bearer: org }, "p2", 403, "tso_ whose projects were all deleted: none, never all");
  });

  it("refuses agent app credentials without revealing projects", async () => {
    const app = await issueToken(suite.db, { kind: "agent_app", name: "app", agentAppId: appId });
    await expectOutcome({ bearer: app }, "p1", 403, "tsx_ on p1");
    await expectOutcome({ bearer: app }, "nope", 403, "tsx_ on an unknown project");
  });

  it("answers 404 for an unknown project, 400 without projectKey, 401 without credentials", async () => {
    await grantAlice(null);
    const auth = { bearer: await aliceToken("user") };
    await expectOutcome(auth, "nope", 404, "unknown project");
    await expectOutcome(passwordOf(suite.users.admin), "nope", 404, "unknown project, as admin");
    for (const projectKey of [undefined, "", "  "]) {
      const res = await submit(auth, projectKey);
      expect(res.status).toBe(400);
      expect(await errorMessage(res)).toContain("'projectKey'");
    }
    await expectOutcome(undefined, "p1", 401, "no credentials");
    expect(await suite.db.select().from(analyses)).toEqual([]);
  });
});
