import { and, eq, isNotNull, isNull } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { POST as agentFinishRoute } from "@/app/api/agent_tokens/finish/route";
import { POST as agentGenerateRoute } from "@/app/api/agent_tokens/generate/route";
import { POST as leakReportRoute } from "@/app/api/credentials/revoke/route";
import { analyses, projects, scanPermissions, tokens, users } from "@/db/schema";
import { APP_VERSION } from "@/lib/system/version";
import { generateTokenValue, hashToken } from "@/lib/tokens/format";
import {
  api,
  apiRequest,
  apiSuite,
  DAY_MS,
  databaseSnapshot,
  errorMessage,
  insertAgentApp,
  insertQuickUser,
  issueToken,
  passwordOf,
  removeUsersExcept,
  systemApi,
  T0,
  webApi,
  type ApiSuite,
  type CallOptions,
  type Credentials,
} from "./api";
import { testDatabases } from "./databases";

// Who may call what. Every endpoint is called by every kind of caller, and
// each cell states the exact answer. A refused cell must also change nothing at all.

const leakReport = (o: CallOptions) => leakReportRoute(apiRequest("POST", "/api/credentials/revoke", o));
/** A well-formed token that no one holds. */
const LEAKED_UNKNOWN_TOKEN = generateTokenValue("user");

const agentApi = {
  generate: (o: CallOptions) => agentGenerateRoute(apiRequest("POST", "/api/agent_tokens/generate", o)),
  finish: (o: CallOptions) => agentFinishRoute(apiRequest("POST", "/api/agent_tokens/finish", o)),
};

const CALLERS = [
  "no credentials",
  "alice (user) by password",
  "alice's user token",
  "admin by password",
  "admin's user token",
  "admin's global analysis token (tsg_)",
  "admin's project analysis token (tsp_)",
  "admin's agent token (tsa_)",
  "organization token (tso_)",
  "agent app credential (tsx_)",
  "admin's expired user token",
  "admin's revoked user token",
] as const;
type Caller = (typeof CALLERS)[number];

/** validate answers 200 either way; these say what it answers. */
const V = "200 valid:true";
const F = "200 valid:false";
type Cell = number | typeof V | typeof F;

// prettier-ignore
const MATRIX: Record<string, readonly Cell[]> = {
  //                                 none alicePw aliceTsu adminPw adminTsu tsg  tsp  tsa  tso  tsx  expired revoked
  "POST /api/users/create":           [401, 403,    403,     200,    200,     403, 403, 403, 403, 403, 401,    401],
  "POST /api/users/delete":           [401, 403,    403,     204,    204,     403, 403, 403, 403, 403, 401,    401],
  "POST /api/projects/create":        [401, 403,    403,     200,    200,     403, 403, 403, 403, 403, 401,    401],
  "POST /api/projects/delete":        [401, 403,    403,     204,    204,     403, 403, 403, 403, 403, 401,    401],
  "GET /api/projects/search":         [401, 200,    200,     200,    200,     403, 403, 200, 403, 403, 401,    401],
  "POST /api/permissions/add_user":   [401, 403,    403,     204,    204,     403, 403, 403, 403, 403, 401,    401],
  "POST /api/permissions/remove_user":[401, 403,    403,     204,    204,     403, 403, 403, 403, 403, 401,    401],
  "POST /api/ce/submit":              [401, 403,    403,     200,    200,     200, 200, 200, 200, 403, 401,    401],
  "POST /api/user_tokens/generate":   [401, 200,    200,     200,    200,     403, 403, 403, 403, 403, 401,    401],
  "POST /api/user_tokens/revoke":     [401, 204,    204,     204,    204,     403, 403, 403, 403, 403, 401,    401],
  "GET /api/user_tokens/search":      [401, 200,    200,     200,    200,     403, 403, 200, 403, 403, 401,    401],
  "POST /api/user_tokens/rotate name":[401, 200,    200,     200,    200,     403, 403, 403, 403, 403, 401,    401],
  "POST /api/user_tokens/rotate self":[401, 400,    200,     400,    200,     200, 200, 403, 200, 403, 401,    401],
  "POST /api/agent_tokens/generate":  [401, 403,    403,     403,    403,     403, 403, 403, 403, 200, 401,    401],
  "POST /api/agent_tokens/finish":    [401, 403,    403,     403,    403,     403, 403, 204, 403, 403, 401,    401],
  "GET /api/authentication/validate": [F,   V,      V,       V,      V,       V,   V,   V,   V,   V,   F,      F],
  "GET /api/server/version":          [200, 200,    200,     200,    200,     200, 200, 200, 200, 200, 200,    200],
  "GET /api/system/status":           [200, 200,    200,     200,    200,     200, 200, 200, 200, 200, 200,    200],
  "GET /api/system/ping":             [200, 200,    200,     200,    200,     200, 200, 200, 200, 200, 200,    200],
  "GET /api/system/health":           [401, 403,    403,     200,    200,     403, 403, 200, 403, 403, 401,    401],
  "GET /api/users/search":            [401, 403,    403,     200,    200,     403, 403, 200, 403, 403, 401,    401],
  "POST /api/credentials/revoke":     [202, 202,    202,     202,    202,     202, 202, 202, 202, 202, 202,    202],
};

/** The credentials of each caller, made fresh before every test (apiSuite empties the tokens). */
type Fixture = Record<Caller, Credentials | undefined>;

interface Endpoint {
  call(options: CallOptions): Promise<Response>;
  /** The parameters of the call; the same for every caller. */
  params: Record<string, string>;
  /** A JSON body instead, for the endpoints that take a document. */
  json?: unknown;
  /** Whether the call did what it is for (checked on the allowed cells). */
  done(suite: ApiSuite, res: Response): Promise<boolean>;
}

const ENDPOINTS: Record<string, Endpoint> = {
  "POST /api/users/create": {
    call: webApi.usersCreate,
    params: { login: "newcomer", name: "New Comer", password: "newcomer-password" },
    done: async ({ db }) => (await db.select().from(users).where(eq(users.login, "newcomer"))).length === 1,
  },
  "POST /api/users/delete": {
    call: webApi.usersDelete,
    params: { login: "victim" },
    done: async ({ db }) => (await db.select().from(users).where(eq(users.login, "victim"))).length === 0,
  },
  "POST /api/projects/create": {
    call: webApi.projectsCreate,
    params: { project: "new-project", name: "New Project" },
    done: async ({ db }) => (await db.select().from(projects).where(eq(projects.key, "new-project"))).length === 1,
  },
  "POST /api/projects/delete": {
    call: webApi.projectsDelete,
    params: { project: "p1" },
    done: async ({ db }) => (await db.select().from(projects).where(eq(projects.key, "p1"))).length === 0,
  },
  "GET /api/projects/search": {
    call: webApi.projectsSearch,
    params: {},
    done: async (_suite, res) => {
      const body = (await res.json()) as { paging?: unknown; components?: unknown };
      return body.paging !== undefined && Array.isArray(body.components);
    },
  },
  "POST /api/permissions/add_user": {
    call: webApi.addUser,
    params: { login: "bob", permission: "scan" },
    done: async ({ db, users: u }) =>
      (
        await db
          .select()
          .from(scanPermissions)
          .where(and(eq(scanPermissions.userId, u.bob.user.id), isNull(scanPermissions.projectId)))
      ).length === 1,
  },
  "POST /api/permissions/remove_user": {
    call: webApi.removeUser,
    params: { login: "bob", permission: "scan", projectKey: "p1" },
    done: async ({ db, users: u }) =>
      (await db.select().from(scanPermissions).where(eq(scanPermissions.userId, u.bob.user.id))).length === 0,
  },
  "POST /api/ce/submit": {
    call: webApi.ceSubmit,
    params: { projectKey: "p1" },
    done: async ({ db }, res) => {
      const body = (await res.json()) as { taskId?: string; projectKey?: string };
      const rows = await db.select().from(analyses);
      return body.projectKey === "p1" && rows.length === 1 && rows[0]?.id === body.taskId;
    },
  },
  "POST /api/user_tokens/generate": {
    call: api.generate,
    params: { name: "matrix-new" },
    done: async ({ db }) => (await db.select().from(tokens).where(eq(tokens.name, "matrix-new"))).length === 1,
  },
  "POST /api/user_tokens/revoke": {
    // Alice and the admin each hold a token of this name: the caller revokes their own.
    call: api.revoke,
    params: { name: "to-revoke" },
    done: async ({ db }) => (await db.select().from(tokens).where(eq(tokens.name, "to-revoke"))).length === 1,
  },
  "GET /api/user_tokens/search": {
    call: api.search,
    params: {},
    done: async (_suite, res) => {
      const body = (await res.json()) as { login?: string; userTokens?: unknown };
      return typeof body.login === "string" && Array.isArray(body.userTokens);
    },
  },
  "POST /api/user_tokens/rotate name": {
    // Alice and the admin each hold a token of this name: the caller rotates their own.
    call: api.rotate,
    params: { name: "to-rotate" },
    done: async (suite, res) => rotatedInto(suite, res, "to-rotate"),
  },
  "POST /api/user_tokens/rotate self": {
    // Without a name, the presented token rotates itself; a password has nothing to rotate (400).
    call: api.rotate,
    params: {},
    done: async (suite, res) => rotatedInto(suite, res),
  },
  "POST /api/agent_tokens/generate": {
    call: agentApi.generate,
    params: { login: "root", task: "matrix task" },
    done: async ({ db }, res) => {
      const body = (await res.json()) as { token?: string; expiresAt?: string };
      const rows = await db.select().from(tokens).where(eq(tokens.task, "matrix task"));
      return body.token?.startsWith("tsa_") === true && typeof body.expiresAt === "string" && rows.length === 1;
    },
  },
  "POST /api/agent_tokens/finish": {
    call: agentApi.finish,
    params: {},
    done: async ({ db }) => {
      const [row] = await db.select().from(tokens).where(eq(tokens.kind, "agent"));
      return row?.finishedAt instanceof Date;
    },
  },
  "GET /api/authentication/validate": {
    call: api.validate,
    params: {},
    done: async () => true,
  },
  "GET /api/server/version": {
    call: systemApi.serverVersion,
    params: {},
    done: async (_suite, res) => (await res.text()) === APP_VERSION,
  },
  "GET /api/system/status": {
    call: systemApi.status,
    params: {},
    done: async (_suite, res) => ((await res.json()) as { status?: string }).status === "UP",
  },
  "GET /api/system/ping": {
    call: systemApi.ping,
    params: {},
    done: async (_suite, res) => (await res.text()) === "pong",
  },
  "GET /api/system/health": {
    call: systemApi.health,
    params: {},
    done: async (_suite, res) => ((await res.json()) as { health?: string }).health === "GREEN",
  },
  "GET /api/users/search": {
    call: systemApi.usersSearch,
    params: { q: "victim" },
    done: async (_suite, res) => {
      const body = (await res.json()) as { users?: { login: string }[] };
      return body.users?.map((u) => u.login).join() === "victim";
    },
  },
  "POST /api/credentials/revoke": {
    // A public leak report: anyone may send one, and it answers the same whatever matched.
    call: leakReport,
    params: {},
    json: { credentials: [LEAKED_UNKNOWN_TOKEN] },
    done: async (_suite, res) => ((await res.json()) as { received?: number }).received === 1,
  },
};

/** Whether the response holds a new token that replaced exactly one token (of that name), now rotated. */
async function rotatedInto({ db }: ApiSuite, res: Response, name?: string): Promise<boolean> {
  const body = (await res.json()) as { token?: string; previousTokenExpiresAt?: string };
  const [successor] = await db
    .select()
    .from(tokens)
    .where(eq(tokens.tokenHash, hashToken(body.token ?? "")));
  const rotated = await db.select().from(tokens).where(isNotNull(tokens.rotatedUntil));
  return (
    successor !== undefined &&
    successor.rotatedUntil === null &&
    (name === undefined || successor.name === name) &&
    rotated.length === 1 &&
    rotated[0]?.rotatedIntoId === successor.id &&
    rotated[0]?.rotatedUntil?.toISOString() === body.previousTokenExpiresAt
  );
}

async function makeFixture(suite: ApiSuite): Promise<Fixture> {
  const { db } = suite;
  const { alice, bob, admin } = suite.users;
  await removeUsersExcept(db, suite.users);
  await insertQuickUser(db, "victim");
  await db.update(users).set({ allowAgentApps: true }).where(eq(users.id, admin.user.id));
  const [p1] = await db.insert(projects).values({ key: "p1", name: "Project One" }).returning();
  if (!p1) throw new Error("no project");
  await db.insert(scanPermissions).values({ userId: bob.user.id, projectId: p1.id });
  const appId = await insertAgentApp(db, "matrix-agent-app", admin.user);
  const own = (kind: "user" | "global_analysis" | "project_analysis", name: string, userId: string) =>
    issueToken(db, { kind, name, userId, projectId: kind === "project_analysis" ? p1.id : null });
  await own("user", "to-revoke", alice.user.id);
  await own("user", "to-revoke", admin.user.id);
  await own("user", "to-rotate", alice.user.id);
  await own("user", "to-rotate", admin.user.id);
  const revoked = await own("user", "root-revoked", admin.user.id);
  await db.delete(tokens).where(eq(tokens.name, "root-revoked"));
  const bearer = (token: string): Credentials => ({ bearer: token });
  return {
    "no credentials": undefined,
    "alice (user) by password": passwordOf(alice),
    "alice's user token": bearer(await own("user", "alice-cli", alice.user.id)),
    "admin by password": passwordOf(admin),
    "admin's user token": bearer(await own("user", "root-cli", admin.user.id)),
    "admin's global analysis token (tsg_)": bearer(await own("global_analysis", "root-scanner", admin.user.id)),
    "admin's project analysis token (tsp_)": bearer(await own("project_analysis", "root-p1-scanner", admin.user.id)),
    "admin's agent token (tsa_)": bearer(
      await issueToken(db, {
        kind: "agent",
        name: "agent task",
        userId: admin.user.id,
        agentAppId: appId,
        expiresAt: new Date(T0.getTime() + 3_600_000),
      }),
    ),
    "organization token (tso_)": bearer(await issueToken(db, { kind: "organization", name: "org-ci" })),
    "agent app credential (tsx_)": bearer(
      await issueToken(db, { kind: "agent_app", name: "matrix-agent-app", agentAppId: appId }),
    ),
    "admin's expired user token": bearer(
      await issueToken(db, {
        kind: "user",
        name: "root-expired",
        userId: admin.user.id,
        createdAt: new Date(T0.getTime() - 10 * DAY_MS),
        expiresAt: new Date(T0.getTime() - DAY_MS),
      }),
    ),
    "admin's revoked user token": bearer(revoked),
  };
}

const cells = Object.entries(MATRIX).flatMap(([endpoint, row]) => {
  if (row.length !== CALLERS.length) throw new Error(`${endpoint}: ${row.length} cells for ${CALLERS.length} callers`);
  return CALLERS.map((caller, i) => ({ endpoint, caller, expected: row[i] as Cell }));
});

describe.each(testDatabases())("authorization matrix on $name", (target) => {
  const suite = apiSuite(target);
  let fixture: Fixture;
  beforeEach(async () => {
    fixture = await makeFixture(suite);
  });

  it("covers every endpoint", () => {
    expect(Object.keys(MATRIX).sort()).toEqual(Object.keys(ENDPOINTS).sort());
  });

  it.each(cells)("$endpoint × $caller → $expected", async ({ endpoint, caller, expected }) => {
    const spec = ENDPOINTS[endpoint];
    if (!spec) throw new Error(`no endpoint ${endpoint}`);
    const auth = fixture[caller];
    const where = `${endpoint} × ${caller}`;
    const before = await databaseSnapshot(suite.db);
    const res = await spec.call(
      spec.json !== undefined
        ? { auth, json: spec.json }
        : endpoint.startsWith("GET ")
          ? { auth, query: spec.params }
          : { auth, form: spec.params },
    );

    if (expected === V || expected === F) {
      expect(res.status, where).toBe(200);
      expect(await res.json(), where).toEqual({ valid: expected === V });
      return;
    }
    expect(res.status, where).toBe(expected);
    if (expected < 300) {
      expect(await spec.done(suite, res), `${where}: the call should have done its work`).toBe(true);
      return;
    }
    // Refused: the one error shape, no data, and nothing changed.
    const msg = await errorMessage(res);
    if (expected === 403) expect(msg, where).toBe("Insufficient privileges");
    if (expected === 401) expect(res.headers.get("www-authenticate"), where).toBeTruthy();
    expect(await databaseSnapshot(suite.db), `${where} changed the database`).toEqual(before);
  });
});
