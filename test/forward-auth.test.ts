import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as finishRoute } from "@/app/api/agent_tokens/finish/route";
import * as forwardRoute from "@/app/api/authentication/forward/route";
import { projects, tokens, users, type TokenKind } from "@/db/schema";
import { CLIENT_IP_HEADER } from "@/lib/client-ip";
import { isForwardAuthTarget } from "@/lib/forward-auth/handle";
import { generateTokenValue } from "@/lib/tokens/format";
import { auditEventsSince, auditMark } from "./audit-events";
import {
  advance,
  api,
  apiRequest,
  apiSuite,
  DAY_MS,
  errorMessage,
  insertAgentApp,
  issueToken,
  passwordOf,
  T0,
} from "./api";
import { testDatabases } from "./databases";
import { startForwardAuthServer, type RunningServer } from "./forward-auth-server";

const PATH = "/api/authentication/forward";
/** The address both entries see: the test server's socket, and the header the route is given. */
const CLIENT_IP = "127.0.0.1";

interface ForwardCall {
  method?: string;
  /** A whole Authorization header. */
  authorization?: string;
  query?: string;
  body?: string;
}

type Entry = (call: ForwardCall) => Promise<Response>;

const bearer = (token: string) => `Bearer ${token}`;
const basic = (raw: string) => `Basic ${Buffer.from(raw, "utf8").toString("base64")}`;

let server: RunningServer;
beforeAll(async () => {
  server = await startForwardAuthServer();
});
afterAll(async () => {
  await server.close();
});

/** The custom server's fast path, over a real socket. */
const viaNodeServer: Entry = (call) =>
  fetch(`${server.origin}${PATH}${call.query === undefined ? "" : `?${call.query}`}`, {
    method: call.method ?? "GET",
    headers: call.authorization ? { authorization: call.authorization } : {},
    body: call.body,
  });

/** The Next.js route file, called as Next would. */
const viaNextRoute: Entry = (call) => {
  const method = call.method ?? "GET";
  const handler = forwardRoute[method as keyof typeof forwardRoute];
  const headers = new Headers({ [CLIENT_IP_HEADER]: CLIENT_IP });
  if (call.authorization) headers.set("authorization", call.authorization);
  const url = `http://localhost${PATH}${call.query === undefined ? "" : `?${call.query}`}`;
  return handler(new Request(url, { method, headers, body: call.body }));
};

describe("isForwardAuthTarget", () => {
  it("takes the endpoint's path, with or without a query, and nothing else", () => {
    expect(isForwardAuthTarget(PATH)).toBe(true);
    expect(isForwardAuthTarget(`${PATH}?kinds=user`)).toBe(true);
    expect(isForwardAuthTarget(`${PATH}?`)).toBe(true);
    for (const other of [`${PATH}/`, `${PATH}ed`, `${PATH}/x`, "/api/authentication/validate", "/", undefined]) {
      expect(isForwardAuthTarget(other), String(other)).toBe(false);
    }
  });

  it("leaves other paths to the rest of the server", async () => {
    expect((await fetch(`${server.origin}${PATH}ed`)).status).toBe(404);
    expect((await fetch(`${server.origin}/api/authentication/validate`)).status).toBe(404);
  });
});

describe.each(testDatabases())("forward-auth on $name", (target) => {
  const suite = apiSuite(target);
  const alice = () => suite.users.alice.user;

  beforeEach(async () => {
    await suite.db.update(users).set({ allowAgentApps: false });
  });

  /** A token of each kind: alice owns the user-owned ones. */
  async function tokenOf(kind: TokenKind, name = `${kind} token`): Promise<string> {
    switch (kind) {
      case "project_analysis": {
        const [project] = await suite.db.insert(projects).values({ key: "my-app", name: "My App" }).returning();
        return issueToken(suite.db, { kind, name, userId: alice().id, projectId: project?.id });
      }
      case "organization":
        return issueToken(suite.db, { kind, name });
      case "agent": {
        await suite.db.update(users).set({ allowAgentApps: true }).where(eq(users.id, alice().id));
        const agentAppId = await insertAgentApp(suite.db, name, suite.users.admin.user);
        return issueToken(suite.db, {
          kind,
          name,
          userId: alice().id,
          agentAppId,
          expiresAt: new Date(T0.getTime() + 3_600_000),
        });
      }
      case "agent_app":
        return issueToken(suite.db, {
          kind,
          name,
          agentAppId: await insertAgentApp(suite.db, name, suite.users.admin.user),
        });
      default:
        return issueToken(suite.db, { kind, name, userId: alice().id });
    }
  }

  const lastUsedAt = async (name: string) => {
    const [row] = await suite.db.select({ at: tokens.lastUsedAt }).from(tokens).where(eq(tokens.name, name));
    return row?.at ?? null;
  };

  describe.each([
    { entry: "the custom server's fast path", call: viaNodeServer },
    { entry: "the Next.js route", call: viaNextRoute },
  ])("through $entry", ({ call }) => {
    async function expectPass(res: Response, expected: { login: string; kind: TokenKind; name: string }) {
      expect(res.status, await res.clone().text()).toBe(204);
      expect(await res.text()).toBe("");
      expect(res.headers.get("x-tokensmith-login")).toBe(expected.login);
      expect(res.headers.get("x-tokensmith-token-kind")).toBe(expected.kind);
      expect(res.headers.get("x-tokensmith-token-name")).toBe(expected.name);
      expect(res.headers.get("cache-control")).toBe("no-store");
    }

    async function expectRefused(res: Response, status: number): Promise<string> {
      expect(res.status).toBe(status);
      expect(res.headers.get("content-type")).toMatch(/^application\/json/);
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(res.headers.has("x-tokensmith-login")).toBe(false);
      return errorMessage(res);
    }

    async function expectUnauthorized(res: Response): Promise<string> {
      expect(res.headers.get("www-authenticate")).toBe('Bearer realm="Tokensmith"');
      return expectRefused(res, 401);
    }

    it("passes every kind but the agent app credential, saying whose token it is", async () => {
      const expectations: { kind: TokenKind; login: string }[] = [
        { kind: "user", login: "alice" },
        { kind: "global_analysis", login: "alice" },
        { kind: "project_analysis", login: "alice" },
        // Instance-owned: nobody behind it, so the login is empty (and present).
        { kind: "organization", login: "" },
        { kind: "agent", login: "alice" },
      ];
      for (const { kind, login } of expectations) {
        const token = await tokenOf(kind);
        await expectPass(await call({ authorization: bearer(token) }), { login, kind, name: `${kind} token` });
      }
      const credential = await tokenOf("agent_app");
      expect(await expectRefused(await call({ authorization: bearer(credential) }), 403)).toBe(
        "Insufficient privileges",
      );
    });

    it("takes a token as the Basic login with an empty password, never a password", async () => {
      const token = await tokenOf("user");
      await expectPass(await call({ authorization: basic(`${token}:`) }), {
        login: "alice",
        kind: "user",
        name: "user token",
      });
      // The right password is refused too: only tokens pass a proxy.
      const { user, password } = suite.users.alice;
      expect(await expectUnauthorized(await call({ authorization: basic(`${user.login}:${password}`) }))).toMatch(
        /token/,
      );
      expect(await expectUnauthorized(await call({ authorization: basic(`${token}:${password}`) }))).toMatch(/token/);
    });

    it("answers any method the proxy forwards, and ignores a body", async () => {
      const token = await tokenOf("user");
      const expected = { login: "alice", kind: "user" as const, name: "user token" };
      for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]) {
        await expectPass(
          await call({ method, authorization: bearer(token), body: method === "GET" ? undefined : "x=1" }),
          expected,
        );
      }
      const head = await call({ method: "HEAD", authorization: bearer(token) });
      expect(head.status).toBe(204);
      expect(head.headers.get("x-tokensmith-login")).toBe("alice");
      const refused = await call({ method: "POST", body: "{not json" });
      expect(refused.status).toBe(401);
    });

    it("lets only the kinds listed in `kinds` pass, with 403 for the others", async () => {
      const user = await tokenOf("user");
      const organization = await tokenOf("organization");
      const analysis = await tokenOf("global_analysis");
      const agent = await tokenOf("agent");
      for (const query of [
        "kinds=user,organization",
        "kinds=user&kinds=organization",
        "kinds= user , organization,",
        "kinds=organization,user&other=1",
      ]) {
        expect((await call({ authorization: bearer(user), query })).status, query).toBe(204);
        expect((await call({ authorization: bearer(organization), query })).status, query).toBe(204);
        expect(await expectRefused(await call({ authorization: bearer(analysis), query }), 403), query).toBe(
          "Insufficient privileges",
        );
        expect(await expectRefused(await call({ authorization: bearer(agent), query }), 403), query).toBe(
          "Insufficient privileges",
        );
      }
      await expectPass(await call({ authorization: bearer(agent), query: "kinds=agent" }), {
        login: "alice",
        kind: "agent",
        name: "agent token",
      });
      // Other parameters change nothing.
      expect((await call({ authorization: bearer(analysis), query: "organization=x" })).status).toBe(204);
    });

    it("answers 400 naming `kinds` for a kind it does not know, before looking at the token", async () => {
      const token = await tokenOf("user");
      for (const query of [
        "kinds=robot",
        "kinds=user,robot",
        "kinds=USER",
        "kinds=agent_app",
        "kinds=",
        "kinds=,",
        "kinds=user%00",
      ]) {
        expect(await expectRefused(await call({ authorization: bearer(token), query }), 400), query).toMatch(/'kinds'/);
        expect(await expectRefused(await call({ query }), 400), query).toMatch(/'kinds'/);
      }
      // Refused before authentication: the token's use was not recorded.
      expect(await lastUsedAt("user token")).toBeNull();
    });

    it("answers 401 with WWW-Authenticate without a token or with a bad one", async () => {
      await tokenOf("user");
      const bad = [
        undefined,
        "",
        "Bearer",
        "Bearer garbage",
        bearer(generateTokenValue("user")), // well-formed, but no such token
        bearer(`${generateTokenValue("user").slice(0, -1)}x`), // checksum broken
        "Digest abc",
        "Basic !!!",
      ];
      for (const authorization of bad) {
        expect((await expectUnauthorized(await call({ authorization }))).length, String(authorization)).toBeGreaterThan(
          0,
        );
      }
    });

    it("refuses an expired token from the instant it expires", async () => {
      const expiresAt = new Date(T0.getTime() + DAY_MS);
      const token = await issueToken(suite.db, { kind: "user", name: "short", userId: alice().id, expiresAt });
      advance(DAY_MS - 1);
      expect((await call({ authorization: bearer(token) })).status).toBe(204);
      advance(1);
      await expectUnauthorized(await call({ authorization: bearer(token) }));
    });

    it("refuses a token unused for the inactivity period", async () => {
      const idle = await tokenOf("user", "idle");
      const recent = await tokenOf("user", "recent");
      advance(59 * DAY_MS);
      expect((await call({ authorization: bearer(recent) })).status).toBe(204);
      advance(DAY_MS);
      await expectUnauthorized(await call({ authorization: bearer(idle) }));
      expect((await call({ authorization: bearer(recent) })).status).toBe(204);
    });

    it("refuses a revoked, deleted or finished token on the very next request", async () => {
      const user = await tokenOf("user", "ci");
      expect((await call({ authorization: bearer(user) })).status).toBe(204);
      expect((await api.revoke({ auth: passwordOf(suite.users.alice), form: { name: "ci" } })).status).toBe(204);
      await expectUnauthorized(await call({ authorization: bearer(user) }));

      const organization = await tokenOf("organization");
      expect((await call({ authorization: bearer(organization) })).status).toBe(204);
      await suite.db.delete(tokens).where(eq(tokens.kind, "organization"));
      await expectUnauthorized(await call({ authorization: bearer(organization) }));

      const agent = await tokenOf("agent", "first task");
      expect((await call({ authorization: bearer(agent) })).status).toBe(204);
      expect(
        (await finishRoute(apiRequest("POST", "/api/agent_tokens/finish", { auth: { bearer: agent } }))).status,
      ).toBe(204);
      await expectUnauthorized(await call({ authorization: bearer(agent) }));

      const another = await tokenOf("agent", "second task");
      expect((await call({ authorization: bearer(another) })).status).toBe(204);
      await suite.db.update(users).set({ allowAgentApps: false }).where(eq(users.id, alice().id));
      await expectUnauthorized(await call({ authorization: bearer(another) }));
    });

    it("records the last use at once, then at most once a minute", async () => {
      const token = await tokenOf("user");
      expect((await call({ authorization: bearer(token) })).status).toBe(204);
      expect(await lastUsedAt("user token")).toEqual(T0);
      advance(59_999);
      expect((await call({ authorization: bearer(token) })).status).toBe(204);
      expect(await lastUsedAt("user token")).toEqual(T0);
      advance(1);
      expect((await call({ authorization: bearer(token) })).status).toBe(204);
      expect(await lastUsedAt("user token")).toEqual(new Date(T0.getTime() + 60_000));
    });

    it("percent-encodes names that are not plain ASCII, so every header value is safe", async () => {
      const name = "Déploiement 🚀 100% — トークン";
      const token = await tokenOf("organization", name);
      const res = await call({ authorization: bearer(token) });
      expect(res.status).toBe(204);
      const header = res.headers.get("x-tokensmith-token-name") ?? "";
      expect(header).toMatch(/^[\x20-\x7e]+$/);
      expect(header.startsWith("D%C3%A9ploiement %F0%9F%9A%80 100%25 ")).toBe(true);
      expect(decodeURIComponent(header)).toBe(name);
    });

    it("answers 429 with Retry-After after 300 failed tokens from an address a minute, like the Web API", async () => {
      const token = await tokenOf("user");
      const mark = await auditMark(suite.db);
      for (let i = 0; i < 300; i++) {
        const presented = i % 10 === 0 ? generateTokenValue("user") : `garbage-${i}`;
        expect((await call({ authorization: bearer(presented) })).status, `attempt ${i + 1}`).toBe(401);
      }
      for (const res of [
        await call({ authorization: bearer(token) }),
        await call({ authorization: bearer("garbage") }),
      ]) {
        expect(await expectRefused(res, 429)).toMatch(/Too many/);
        const retryAfter = Number(res.headers.get("retry-after"));
        expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
      }
      // One limiter: the Web API refuses the address too, and the burst is audited once.
      expect((await api.validate({ auth: { bearer: token }, ip: CLIENT_IP })).status).toBe(429);
      const bursts = (await auditEventsSince(suite.db, mark)).filter((e) => e.action === "auth.failure_burst");
      expect(bursts).toHaveLength(1);
      expect(bursts[0]?.clientIp).toBe(CLIENT_IP);

      advance(60_000);
      expect((await call({ authorization: bearer(token) })).status).toBe(204);
    });

    it("counts the Web API's failed tokens against the same address", async () => {
      const token = await tokenOf("user");
      for (let i = 0; i < 300; i++) {
        expect((await api.validate({ auth: { bearer: `garbage-${i}` }, ip: CLIENT_IP })).status).toBe(200);
      }
      expect((await call({ authorization: bearer(token) })).status).toBe(429);
    });
  });
});
