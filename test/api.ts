import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { GET as validateRoute } from "@/app/api/authentication/validate/route";
import { POST as generateRoute } from "@/app/api/user_tokens/generate/route";
import { POST as revokeRoute } from "@/app/api/user_tokens/revoke/route";
import { POST as rotateRoute } from "@/app/api/user_tokens/rotate/route";
import { GET as searchRoute } from "@/app/api/user_tokens/search/route";
import { setDatabase, type Database, type DatabaseHandle } from "@/db/client";
import { insertToken } from "@/db/queries/tokens";
import { insertUser } from "@/db/queries/users";
import { agentApps, projects, scanPermissions, settings, tokens, users, type TokenKind, type User } from "@/db/schema";
import { CLIENT_IP_HEADER } from "@/lib/client-ip";
import { hashPassword } from "@/lib/auth/password";
import { rateLimiters } from "@/lib/auth/rate-limit";
import { clock } from "@/lib/clock";
import { generateTokenValue, hashToken, tokenHint } from "@/lib/tokens/format";
import { useTestDatabase, type TestDatabase } from "./databases";

/** A fixed "now" for the integration suites; tests move `clock.now` from here. */
export const T0 = new Date("2026-03-10T12:00:00.000Z");
export const DAY_MS = 86_400_000;

const realNow = clock.now;
export function setNow(date: Date): void {
  const ms = date.getTime();
  clock.now = () => new Date(ms);
}
export function advance(ms: number): void {
  setNow(new Date(clock.now().getTime() + ms));
}
export function restoreClock(): void {
  clock.now = realNow;
}

export type Credentials =
  { bearer: string } | { basicToken: string } | { login: string; password: string } | { header: string };

export interface CallOptions {
  auth?: Credentials;
  query?: Record<string, string>;
  form?: Record<string, string>;
  json?: unknown;
  /** A raw body with its content type. */
  raw?: { body: string; contentType: string };
  ip?: string;
  headers?: Record<string, string>;
}

const basic = (raw: string) => `Basic ${Buffer.from(raw, "utf8").toString("base64")}`;

function authorization(auth: Credentials): string {
  if ("bearer" in auth) return `Bearer ${auth.bearer}`;
  if ("basicToken" in auth) return basic(`${auth.basicToken}:`);
  if ("header" in auth) return auth.header;
  return basic(`${auth.login}:${auth.password}`);
}

export function apiRequest(method: "GET" | "POST", path: string, options: CallOptions = {}): Request {
  const url = new URL(path, "http://localhost");
  for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, v);
  const headers = new Headers(options.headers);
  headers.set(CLIENT_IP_HEADER, options.ip ?? "192.0.2.1");
  if (options.auth) headers.set("authorization", authorization(options.auth));
  let body: string | undefined;
  if (options.form) {
    headers.set("content-type", "application/x-www-form-urlencoded");
    body = new URLSearchParams(options.form).toString();
  } else if (options.json !== undefined) {
    headers.set("content-type", "application/json");
    body = JSON.stringify(options.json);
  } else if (options.raw) {
    headers.set("content-type", options.raw.contentType);
    body = options.raw.body;
  }
  return new Request(url, { method, headers, body });
}

export const api = {
  generate: (o: CallOptions) => generateRoute(apiRequest("POST", "/api/user_tokens/generate", o)),
  revoke: (o: CallOptions) => revokeRoute(apiRequest("POST", "/api/user_tokens/revoke", o)),
  rotate: (o: CallOptions) => rotateRoute(apiRequest("POST", "/api/user_tokens/rotate", o)),
  search: (o: CallOptions) => searchRoute(apiRequest("GET", "/api/user_tokens/search", o)),
  validate: (o: CallOptions) => validateRoute(apiRequest("GET", "/api/authentication/validate", o)),
};

/** Whether the token authenticates: GET /api/authentication/validate, which must always answer 200. */
export async function isValid(token: string, ip?: string): Promise<boolean> {
  const res = await api.validate({ auth: { bearer: token }, ip });
  if (res.status !== 200) throw new Error(`validate answered ${res.status}`);
  const body = (await res.json()) as { valid: boolean };
  return body.valid;
}

export interface ErrorBody {
  errors: { msg: string }[];
}

/** The message of an error response, after checking it has exactly the Web API's error shape. */
export async function errorMessage(res: Response): Promise<string> {
  const body = (await res.json()) as ErrorBody;
  if (
    !Array.isArray(body.errors) ||
    body.errors.length !== 1 ||
    Object.keys(body).length !== 1 ||
    typeof body.errors[0]?.msg !== "string"
  ) {
    throw new Error(`not the error shape: ${JSON.stringify(body)}`);
  }
  return body.errors[0].msg;
}

export interface GenerateBody {
  login: string;
  name: string;
  token: string;
  createdAt: string;
  type: string;
  projectKey?: string;
  expirationDate?: string;
}

export interface TestUser {
  user: User;
  password: string;
}

export interface SeededUsers {
  alice: TestUser;
  bob: TestUser;
  admin: TestUser;
}

async function createUser(db: Database, login: string, role: "user" | "admin"): Promise<TestUser> {
  const password = `${login}-password-123`;
  const user = await insertUser(db, { login, name: login, passwordHash: await hashPassword(password), role });
  return { user, password };
}

export async function seedUsers(db: Database): Promise<SeededUsers> {
  const [alice, bob, admin] = await Promise.all([
    createUser(db, "alice", "user"),
    createUser(db, "bob", "user"),
    createUser(db, "root", "admin"),
  ]);
  return { alice, bob, admin };
}

export const passwordOf = (u: TestUser): Credentials => ({ login: u.user.login, password: u.password });

/** Inserts a token row directly (any kind), as the parts of the product not built yet would. */
export async function issueToken(
  db: Database,
  input: {
    kind: TokenKind;
    name: string;
    userId?: string | null;
    projectId?: string | null;
    agentAppId?: string | null;
    createdAt?: Date;
    expiresAt?: Date | null;
    /** Organization tokens only; defaults to all projects for them. */
    allProjects?: boolean;
  },
): Promise<string> {
  const value = generateTokenValue(input.kind);
  await insertToken(db, {
    kind: input.kind,
    name: input.name,
    userId: input.userId ?? null,
    projectId: input.projectId ?? null,
    agentAppId: input.agentAppId ?? null,
    allProjects: input.kind === "organization" ? (input.allProjects ?? true) : null,
    tokenHash: hashToken(value),
    hint: tokenHint(value),
    createdAt: input.createdAt ?? clock.now(),
    expiresAt: input.expiresAt ?? null,
  });
  return value;
}

export interface ApiSuite {
  db: Database;
  handle: DatabaseHandle;
  users: SeededUsers;
}

/**
 * Hooks for an integration suite on one database: opens and migrates it once, seeds users once,
 * and before each test empties tokens and projects, restores the default settings, clears the rate
 * limiters and sets the clock to T0 (restored after each test).
 */
export function apiSuite(target: TestDatabase): ApiSuite {
  const suite = {} as ApiSuite;
  beforeAll(async () => {
    suite.handle = await useTestDatabase(target);
    suite.db = suite.handle.db;
    suite.users = await seedUsers(suite.db);
  });
  afterAll(async () => {
    setDatabase(undefined);
    await suite.handle?.close();
  });
  beforeEach(async () => {
    await suite.db.delete(tokens);
    await suite.db.delete(scanPermissions);
    await suite.db.delete(projects);
    await suite.db.delete(agentApps);
    await suite.db.update(settings).set({ maxTokenLifetimeDays: null, inactiveTokenRemovalDays: 60 });
    await suite.db.update(users).set({ lastSignInAt: null });
    for (const limiter of Object.values(rateLimiters())) await limiter.clear();
    setNow(T0);
  });
  afterEach(() => {
    restoreClock();
  });
  return suite;
}

/** Generates a user token through the API with the user's password and returns its value. */
export async function generateWithPassword(u: TestUser, name: string, params: Record<string, string> = {}) {
  const res = await api.generate({ auth: passwordOf(u), form: { name, ...params } });
  if (res.status !== 200) throw new Error(`generate answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as GenerateBody;
}

// ==== Helpers for the administration, project, permission and analysis suites (api-*.test.ts) ====
// One block, added after the helpers above; it changes none of them.

import { asc, notInArray } from "drizzle-orm";
import { POST as ceSubmitRoute } from "@/app/api/ce/submit/route";
import { POST as permissionsAddUserRoute } from "@/app/api/permissions/add_user/route";
import { POST as permissionsRemoveUserRoute } from "@/app/api/permissions/remove_user/route";
import { POST as projectsCreateRoute } from "@/app/api/projects/create/route";
import { POST as projectsDeleteRoute } from "@/app/api/projects/delete/route";
import { GET as projectsSearchRoute } from "@/app/api/projects/search/route";
import { POST as usersCreateRoute } from "@/app/api/users/create/route";
import { POST as usersDeleteRoute } from "@/app/api/users/delete/route";
import { analyses } from "@/db/schema";

/** The administration, project, permission and analysis endpoints, called like `api` above. */
export const webApi = {
  usersCreate: (o: CallOptions) => usersCreateRoute(apiRequest("POST", "/api/users/create", o)),
  usersDelete: (o: CallOptions) => usersDeleteRoute(apiRequest("POST", "/api/users/delete", o)),
  projectsCreate: (o: CallOptions) => projectsCreateRoute(apiRequest("POST", "/api/projects/create", o)),
  projectsDelete: (o: CallOptions) => projectsDeleteRoute(apiRequest("POST", "/api/projects/delete", o)),
  projectsSearch: (o: CallOptions) => projectsSearchRoute(apiRequest("GET", "/api/projects/search", o)),
  addUser: (o: CallOptions) => permissionsAddUserRoute(apiRequest("POST", "/api/permissions/add_user", o)),
  removeUser: (o: CallOptions) => permissionsRemoveUserRoute(apiRequest("POST", "/api/permissions/remove_user", o)),
  ceSubmit: (o: CallOptions) => ceSubmitRoute(apiRequest("POST", "/api/ce/submit", o)),
};

/** The password of every user made by insertQuickUser. */
export const QUICK_PASSWORD = "quick-user-password";
let quickHash: Promise<string> | undefined;

/**
 * Inserts a user directly, reusing one argon2 hash of QUICK_PASSWORD for all of them, so suites
 * can make throwaway users (to delete, to race) without paying for a hash each time.
 */
export async function insertQuickUser(db: Database, login: string, role: "user" | "admin" = "user"): Promise<TestUser> {
  quickHash ??= hashPassword(QUICK_PASSWORD);
  const user = await insertUser(db, { login, name: `${login} name`, passwordHash: await quickHash, role });
  return { user, password: QUICK_PASSWORD };
}

/** Deletes every user but the seeded ones (apiSuite keeps users between tests). */
export async function removeUsersExcept(db: Database, seeded: SeededUsers): Promise<void> {
  await db.delete(users).where(notInArray(users.id, [seeded.alice.user.id, seeded.bob.user.id, seeded.admin.user.id]));
}

/** Inserts an agent app row (agent tokens and agent app credentials need one) and returns its id. */
export async function insertAgentApp(db: Database, name: string, createdBy: User): Promise<string> {
  const [row] = await db
    .insert(agentApps)
    .values({ name, createdById: createdBy.id, createdByLogin: createdBy.login })
    .returning({ id: agentApps.id });
  if (!row) throw new Error("insert returned no row");
  return row.id;
}

/**
 * Everything a request could change, to compare before and after a refused one. Leaves out what
 * authentication itself records (a token's last use with its address and client, a user's last sign-in).
 */
export async function databaseSnapshot(db: Database) {
  const [userRows, projectRows, grantRows, analysisRows, tokenRows, appRows, settingRows] = await Promise.all([
    db.select().from(users).orderBy(asc(users.login)),
    db.select().from(projects).orderBy(asc(projects.key)),
    db.select().from(scanPermissions).orderBy(asc(scanPermissions.id)),
    db.select().from(analyses).orderBy(asc(analyses.id)),
    db.select().from(tokens).orderBy(asc(tokens.id)),
    db.select().from(agentApps).orderBy(asc(agentApps.id)),
    db.select().from(settings),
  ]);
  return {
    users: userRows.map(({ lastSignInAt: _lastSignInAt, ...rest }) => rest),
    projects: projectRows,
    scanPermissions: grantRows,
    analyses: analysisRows,
    tokens: tokenRows.map(
      ({ lastUsedAt: _lastUsedAt, lastUsedIp: _lastUsedIp, lastUsedClient: _lastUsedClient, ...rest }) => rest,
    ),
    agentApps: appRows,
    settings: settingRows,
  };
}
// ==== End of the administration, project, permission and analysis helpers ====

// ==== Helpers for the SonarQube conventions suite (api-sonarqube-conventions.test.ts) ====

import { GET as serverVersionRoute } from "@/app/api/server/version/route";
import { GET as systemHealthRoute } from "@/app/api/system/health/route";
import { GET as systemPingRoute } from "@/app/api/system/ping/route";
import { GET as systemStatusRoute } from "@/app/api/system/status/route";
import { GET as usersSearchRoute } from "@/app/api/users/search/route";

/** The endpoints SonarQube's own clients call besides the ones above, called like `api`. */
export const systemApi = {
  serverVersion: (o: CallOptions) => serverVersionRoute(apiRequest("GET", "/api/server/version", o)),
  status: (o: CallOptions) => systemStatusRoute(apiRequest("GET", "/api/system/status", o)),
  ping: (o: CallOptions) => systemPingRoute(apiRequest("GET", "/api/system/ping", o)),
  health: (o: CallOptions) => systemHealthRoute(apiRequest("GET", "/api/system/health", o)),
  usersSearch: (o: CallOptions) => usersSearchRoute(apiRequest("GET", "/api/users/search", o)),
};
// ==== End of the SonarQube conventions helpers ====
