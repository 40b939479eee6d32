import { and, eq, isNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { GET as forwardRoute } from "@/app/api/authentication/forward/route";
import { insertProject } from "@/db/queries/projects";
import { organizationTokenProjects, scanPermissions, settings, tokens, users, type Project } from "@/db/schema";
import { clock } from "@/lib/clock";
import { hashToken } from "@/lib/tokens/format";
import { rotateToken } from "@/lib/tokens/rotate";
import { sweepTokens } from "@/lib/tokens/sweeper";
import {
  api,
  apiRequest,
  apiSuite,
  advance,
  DAY_MS,
  databaseSnapshot,
  errorMessage,
  generateWithPassword,
  insertAgentApp,
  isValid,
  issueToken,
  passwordOf,
  setNow,
  T0,
  webApi,
  type CallOptions,
  type Credentials,
  type GenerateBody,
} from "./api";
import { auditEventsSince, auditMark } from "./audit-events";
import { testDatabases } from "./databases";

interface RotateBody extends GenerateBody {
  previousTokenExpiresAt: string;
}

interface SearchBody {
  login: string;
  userTokens: {
    name: string;
    createdAt: string;
    lastConnectionDate?: string;
    lastConnectionIp?: string;
    lastConnectionClient?: string;
    expirationDate?: string;
    isExpired?: boolean;
  }[];
}

const HOUR_MS = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe.each(testDatabases())("token rotation on $name", (target) => {
  const suite = apiSuite(target);
  const alice = () => suite.users.alice;
  const admin = () => suite.users.admin;

  async function rotated(options: CallOptions): Promise<RotateBody> {
    const res = await api.rotate(options);
    if (res.status !== 200) throw new Error(`rotate answered ${res.status}: ${await res.text()}`);
    expect(res.headers.get("cache-control")).toBe("no-store");
    return (await res.json()) as RotateBody;
  }

  const selfRotate = (token: string, form: Record<string, string> = {}) => rotated({ auth: { bearer: token }, form });

  const rowOf = async (value: string) =>
    (
      await suite.db
        .select()
        .from(tokens)
        .where(eq(tokens.tokenHash, hashToken(value)))
    )[0];

  /** The tokens of a name that hold it (not rotated): the unique index allows one per owner. */
  const holdersOf = (name: string) =>
    suite.db
      .select()
      .from(tokens)
      .where(and(eq(tokens.name, name), isNull(tokens.rotatedUntil)));

  async function search(auth: Credentials): Promise<SearchBody> {
    const res = await api.search({ auth });
    expect(res.status).toBe(200);
    return (await res.json()) as SearchBody;
  }

  async function refused(res: Response, status: number, message: string | RegExp) {
    expect(res.status).toBe(status);
    const msg = await errorMessage(res);
    if (typeof message === "string") expect(msg).toBe(message);
    else expect(msg).toMatch(message);
  }

  it("keeps both tokens working during the overlap, then only the new one", async () => {
    const old = await generateWithPassword(alice(), "ci", { expirationDate: "2026-04-09" });
    setNow(new Date(T0.getTime() + DAY_MS));
    const mark = await auditMark(suite.db);
    const body = await rotated({ auth: passwordOf(alice()), form: { name: "ci", overlapSeconds: "3600" } });
    const start = clock.now().getTime();
    expect(body).toEqual({
      login: "alice",
      name: "ci",
      token: expect.stringMatching(/^tsu_[0-9A-Za-z]{38}$/),
      createdAt: iso(start),
      type: "USER_TOKEN",
      // The old token lived 30 days (made March 10, expiring April 9): so does its successor, from today.
      expirationDate: "2026-04-10T00:00:00.000Z",
      previousTokenExpiresAt: iso(start + HOUR_MS),
    });
    expect(body.token).not.toBe(old.token);

    expect(await isValid(old.token)).toBe(true);
    expect(await isValid(body.token)).toBe(true);
    const listed = await search({ bearer: body.token });
    expect(listed.userTokens.map((t) => [t.name, t.expirationDate, t.isExpired])).toEqual([
      ["ci", "2026-04-10T00:00:00.000Z", false],
      ["ci", iso(start + HOUR_MS), false],
    ]);

    advance(HOUR_MS - 1);
    expect(await isValid(old.token)).toBe(true);
    expect(await isValid(body.token)).toBe(true);
    advance(1);
    expect(await isValid(old.token)).toBe(false);
    expect(await isValid(body.token)).toBe(true);
    expect((await search({ bearer: body.token })).userTokens.map((t) => t.createdAt)).toEqual([iso(start)]);

    const events = await auditEventsSince(suite.db, mark);
    expect(events.filter((e) => e.action === "token.rotate")).toEqual([
      expect.objectContaining({
        actorLogin: "alice",
        targetLogin: "alice",
        tokenKind: "user",
        tokenName: "ci",
        tokenHint: old.token.slice(-4),
        clientIp: "192.0.2.1",
        details: {
          newHint: body.token.slice(-4),
          overlapSeconds: 3600,
          previousTokenExpiresAt: iso(start + HOUR_MS),
          expiresAt: "2026-04-10T00:00:00.000Z",
        },
      }),
    ]);
  });

  it("with no overlap (0), the old token fails on the very next request", async () => {
    const old = await generateWithPassword(alice(), "ci");
    const body = await selfRotate(old.token, { overlapSeconds: "0" });
    expect(body.previousTokenExpiresAt).toBe(iso(T0.getTime()));
    expect(await isValid(old.token)).toBe(false);
    expect(await isValid(body.token)).toBe(true);
    expect((await search({ bearer: body.token })).userTokens).toHaveLength(1);
  });

  it("defaults to a 1-day overlap, never past the old token's own expiry", async () => {
    const first = await generateWithPassword(alice(), "first");
    expect((await selfRotate(first.token)).previousTokenExpiresAt).toBe(iso(T0.getTime() + DAY_MS));
    const soon = await generateWithPassword(alice(), "soon", { expirationDate: "2026-03-11" });
    expect((await selfRotate(soon.token, { overlapSeconds: "604800" })).previousTokenExpiresAt).toBe(
      "2026-03-11T00:00:00.000Z",
    );
  });

  it("a second rotation of the same old token revokes the first successor, and keeps the first end", async () => {
    const old = await generateWithPassword(alice(), "ci");
    const first = await selfRotate(old.token, { overlapSeconds: "3600" });
    advance(60_000);
    const mark = await auditMark(suite.db);
    const second = await selfRotate(old.token, { overlapSeconds: "86400" });
    expect(second.previousTokenExpiresAt).toBe(first.previousTokenExpiresAt);
    expect(await isValid(first.token)).toBe(false);
    expect(await isValid(second.token)).toBe(true);
    expect(await isValid(old.token)).toBe(true);
    const [holder] = await holdersOf("ci");
    expect(holder?.tokenHash).toBe(hashToken(second.token));
    expect((await rowOf(old.token))?.rotatedIntoId).toBe(holder?.id);

    const events = await auditEventsSince(suite.db, mark);
    expect(events.map((e) => [e.action, e.tokenHint, e.details?.reason])).toEqual([
      ["token.revoke", first.token.slice(-4), "superseded"],
      ["token.rotate", old.token.slice(-4), undefined],
    ]);
  });

  it("refuses to rotate an old token again once its successor was rotated in turn, changing nothing", async () => {
    const a = await generateWithPassword(alice(), "ci");
    const b = await selfRotate(a.token);
    const c = await selfRotate(b.token);
    const before = await databaseSnapshot(suite.db);
    await refused(
      await api.rotate({ auth: { bearer: a.token } }),
      400,
      "The successor of this token was rotated in turn: rotate the newest token instead.",
    );
    expect(await databaseSnapshot(suite.db)).toEqual(before);
    for (const token of [a.token, b.token, c.token]) expect(await isValid(token)).toBe(true);
  });

  it("10 concurrent rotations of one token leave exactly one live successor and no 500", async () => {
    const old = await generateWithPassword(alice(), "ci");
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => api.rotate({ auth: { bearer: old.token }, form: { overlapSeconds: "3600" } })),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
    const bodies = (await Promise.all(responses.map((r) => r.json()))) as RotateBody[];
    const working = [];
    for (const body of bodies) if (await isValid(body.token)) working.push(body.token);
    expect(working).toHaveLength(1);
    expect(await isValid(old.token)).toBe(true);
    const rows = await suite.db.select().from(tokens).where(eq(tokens.name, "ci"));
    expect(rows).toHaveLength(2);
    expect((await holdersOf("ci")).map((r) => r.tokenHash)).toEqual([hashToken(working[0] ?? "")]);
  });

  it("10 concurrent rotations of one row (the pages' path) leave one live successor", async () => {
    await issueToken(suite.db, { kind: "organization", name: "org-ci" });
    const [row] = await holdersOf("org-ci");
    const audit = { actor: admin().user, clientIp: "192.0.2.9", at: T0 };
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => rotateToken(suite.db, { tokenId: row!.id, ownerId: null }, 3600, audit)),
    );
    expect(results.map((r) => r.status)).toEqual(Array(10).fill("fulfilled"));
    expect(await holdersOf("org-ci")).toHaveLength(1);
    expect(await suite.db.select().from(tokens).where(eq(tokens.name, "org-ci"))).toHaveLength(2);
  });

  it("10 concurrent rotations by name never answer 500 and leave one token holding the name", async () => {
    await generateWithPassword(alice(), "ci");
    const { token: cli } = await generateWithPassword(alice(), "cli");
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => api.rotate({ auth: { bearer: cli }, form: { name: "ci" } })),
    );
    for (const res of responses) expect([200, 400]).toContain(res.status);
    expect(responses.some((r) => r.status === 200)).toBe(true);
    const [holder] = await holdersOf("ci");
    const bodies = await Promise.all(responses.filter((r) => r.status === 200).map((r) => r.json()));
    expect((bodies as RotateBody[]).map((b) => hashToken(b.token))).toContain(holder?.tokenHash);
    expect(await holdersOf("ci")).toHaveLength(1);
  });

  it("caps the successor's lifetime by today's maximum; No expiration stays so without one", async () => {
    const never = await generateWithPassword(alice(), "never");
    const kept = await selfRotate(never.token);
    expect(kept.expirationDate).toBeUndefined();

    const year = await generateWithPassword(alice(), "year", { expirationDate: "2027-03-10" });
    await suite.db.update(settings).set({ maxTokenLifetimeDays: 90 });
    expect((await selfRotate(year.token)).expirationDate).toBe("2026-06-08T00:00:00.000Z");
    expect((await selfRotate(kept.token)).expirationDate).toBe("2026-06-08T00:00:00.000Z");
    const short = await generateWithPassword(alice(), "short", { expirationDate: "2026-04-09" });
    expect((await selfRotate(short.token)).expirationDate).toBe("2026-04-09T00:00:00.000Z");
  });

  describe("scopes", () => {
    let p1: Project;
    const submit = (token: string, projectKey: string) =>
      webApi.ceSubmit({ auth: { bearer: token }, form: { projectKey } });

    async function projectsAndGrant() {
      p1 = await insertProject(suite.db, { key: "p1", name: "Project One" });
      await insertProject(suite.db, { key: "p2", name: "Project Two" });
      await suite.db.insert(scanPermissions).values({ userId: alice().user.id, projectId: p1.id });
    }

    it("a project analysis token's successor is for the same project", async () => {
      await projectsAndGrant();
      const old = await generateWithPassword(alice(), "scan-p1", {
        type: "PROJECT_ANALYSIS_TOKEN",
        projectKey: "p1",
      });
      const body = await rotated({ auth: passwordOf(alice()), form: { name: "scan-p1" } });
      expect(body).toMatchObject({ login: "alice", type: "PROJECT_ANALYSIS_TOKEN", projectKey: "p1" });
      expect(body.token).toMatch(/^tsp_/);
      expect(old.token).not.toBe(body.token);
      expect((await submit(body.token, "p1")).status).toBe(200);
      expect((await submit(body.token, "p2")).status).toBe(403);
    });

    it("a global analysis token rotates itself and stays global", async () => {
      await projectsAndGrant();
      const old = await generateWithPassword(admin(), "scanner", { type: "GLOBAL_ANALYSIS_TOKEN" });
      const body = await selfRotate(old.token);
      expect(body).toMatchObject({ login: "root", type: "GLOBAL_ANALYSIS_TOKEN" });
      expect(body.token).toMatch(/^tsg_/);
      expect((await submit(body.token, "p2")).status).toBe(200);
      expect((await submit(body.token, "p1")).status).toBe(200);
    });

    it("an organization token rotates itself (CI), keeping its chosen projects, label and creator", async () => {
      await projectsAndGrant();
      const old = await issueToken(suite.db, { kind: "organization", name: "org-ci", allProjects: false });
      const oldRow = await rowOf(old);
      await suite.db
        .update(tokens)
        .set({ label: "development", createdByLogin: "root" })
        .where(eq(tokens.id, oldRow!.id));
      await suite.db.insert(organizationTokenProjects).values({ tokenId: oldRow!.id, projectId: p1.id });
      const mark = await auditMark(suite.db);

      const body = await selfRotate(old, { overlapSeconds: "0" });
      expect(body).toEqual({
        login: "",
        name: "org-ci",
        token: expect.stringMatching(/^tso_/),
        createdAt: iso(T0.getTime()),
        type: "ORGANIZATION_TOKEN",
        previousTokenExpiresAt: iso(T0.getTime()),
      });
      expect((await submit(body.token, "p1")).status).toBe(200);
      expect((await submit(body.token, "p2")).status).toBe(403);
      expect((await submit(old, "p1")).status).toBe(401);
      expect(await rowOf(body.token)).toMatchObject({
        kind: "organization",
        userId: null,
        label: "development",
        allProjects: false,
        createdByLogin: "root",
      });
      const [event] = (await auditEventsSince(suite.db, mark)).filter((e) => e.action === "token.rotate");
      expect(event).toMatchObject({ actorLogin: null, targetLogin: null, tokenKind: "organization" });
    });
  });

  it("without a name, a password has nothing to rotate: 400 naming `name`; `login` needs `name` too", async () => {
    const { token } = await generateWithPassword(alice(), "ci");
    await refused(await api.rotate({ auth: passwordOf(alice()) }), 400, "The 'name' parameter is missing.");
    await refused(
      await api.rotate({ auth: { bearer: token }, form: { login: "bob" } }),
      400,
      "The 'name' parameter is missing.",
    );
    await refused(
      await api.rotate({ auth: { bearer: token }, form: { name: "  " } }),
      400,
      /^The 'name' parameter is invalid/,
    );
  });

  it("refuses agent tokens, agent app credentials, and naming a token with a kind that does not manage tokens", async () => {
    // An agent token authenticates only while its user allows agent apps.
    await suite.db.update(users).set({ allowAgentApps: true }).where(eq(users.id, admin().user.id));
    const appId = await insertAgentApp(suite.db, "agent-app", admin().user);
    const agent = await issueToken(suite.db, {
      kind: "agent",
      name: "task",
      userId: admin().user.id,
      agentAppId: appId,
      expiresAt: new Date(T0.getTime() + HOUR_MS),
    });
    const credential = await issueToken(suite.db, { kind: "agent_app", name: "agent-app", agentAppId: appId });
    const analysis = await generateWithPassword(admin(), "scanner", { type: "GLOBAL_ANALYSIS_TOKEN" });
    const org = await issueToken(suite.db, { kind: "organization", name: "org" });
    await generateWithPassword(admin(), "ci");
    const before = await databaseSnapshot(suite.db);
    for (const token of [agent, credential]) {
      for (const form of [{}, { name: "ci" }] as Record<string, string>[]) {
        await refused(await api.rotate({ auth: { bearer: token }, form }), 403, "Insufficient privileges");
      }
    }
    for (const token of [analysis.token, org]) {
      await refused(
        await api.rotate({ auth: { bearer: token }, form: { name: "ci" } }),
        403,
        "Insufficient privileges",
      );
    }
    // The core refuses the kind too, whatever calls it.
    const [agentRow] = await suite.db.select().from(tokens).where(eq(tokens.kind, "agent"));
    await expect(
      rotateToken(suite.db, { tokenId: agentRow!.id, ownerId: admin().user.id }, 0, {
        actor: admin().user,
        clientIp: null,
        at: T0,
      }),
    ).rejects.toMatchObject({ status: 403 });
    expect(await databaseSnapshot(suite.db)).toEqual(before);
  });

  it("answers 400 naming overlapSeconds for a negative, too big or fractional value, changing nothing", async () => {
    const { token } = await generateWithPassword(alice(), "ci");
    const before = await databaseSnapshot(suite.db);
    for (const overlapSeconds of ["-1", "604801", "1.5", "abc", "", " 60", "1e3", "99999999999999999999"]) {
      await refused(
        await api.rotate({ auth: { bearer: token }, form: { overlapSeconds } }),
        400,
        "The 'overlapSeconds' parameter is invalid: must be a whole number of seconds from 0 to 604800.",
      );
    }
    await refused(await api.rotate({ auth: { bearer: token }, json: { overlapSeconds: -5 } }), 400, /'overlapSeconds'/);
    expect(await databaseSnapshot(suite.db)).toEqual(before);
    const body = await rotated({ auth: { bearer: token }, json: { overlapSeconds: 604800 } });
    expect(body.previousTokenExpiresAt).toBe(iso(T0.getTime() + 7 * DAY_MS));
  });

  it("an admin rotates another user's token with login; a user cannot", async () => {
    await generateWithPassword(alice(), "ci");
    const { token: bobCli } = await generateWithPassword(suite.users.bob, "cli");
    await refused(
      await api.rotate({ auth: { bearer: bobCli }, form: { name: "ci", login: "alice" } }),
      403,
      "Insufficient privileges",
    );
    // Bob names his own tokens only: alice's `ci` is not his.
    await refused(await api.rotate({ auth: { bearer: bobCli }, form: { name: "ci" } }), 404, "Token not found.");
    const mark = await auditMark(suite.db);
    const body = await rotated({ auth: passwordOf(admin()), form: { name: "ci", login: "alice" } });
    expect(body.login).toBe("alice");
    const [event] = (await auditEventsSince(suite.db, mark)).filter((e) => e.action === "token.rotate");
    expect(event).toMatchObject({ actorLogin: "root", targetLogin: "alice" });
  });

  it("refuses an expired token, a stopped one, and a wrong owner's id", async () => {
    await issueToken(suite.db, {
      kind: "user",
      name: "old",
      userId: alice().user.id,
      createdAt: new Date(T0.getTime() - 10 * DAY_MS),
      expiresAt: new Date(T0.getTime() - DAY_MS),
    });
    await refused(
      await api.rotate({ auth: passwordOf(alice()), form: { name: "old" } }),
      400,
      "An expired token cannot be rotated.",
    );
    const { token } = await generateWithPassword(alice(), "ci");
    await selfRotate(token, { overlapSeconds: "0" });
    // A stopped token does not authenticate, so it cannot rotate itself, and by id it is refused.
    expect((await api.rotate({ auth: { bearer: token } })).status).toBe(401);
    const row = await rowOf(token);
    const audit = { actor: alice().user, clientIp: null, at: T0 };
    await expect(rotateToken(suite.db, { tokenId: row!.id, ownerId: alice().user.id }, 0, audit)).rejects.toMatchObject(
      { message: "This token was rotated and has stopped working." },
    );
    const [live] = await holdersOf("ci");
    await expect(
      rotateToken(suite.db, { tokenId: live!.id, ownerId: suite.users.bob.user.id }, 0, audit),
    ).rejects.toMatchObject({ status: 404 });
  });

  it("the successor keeps the name: another token of that name is still refused", async () => {
    const { token } = await generateWithPassword(alice(), "ci");
    await selfRotate(token);
    const res = await api.generate({ auth: passwordOf(alice()), form: { name: "ci" } });
    await refused(res, 400, /already exists/);
  });

  it("revoking by name revokes the successor and the rotated token still in its overlap", async () => {
    const { token } = await generateWithPassword(alice(), "ci");
    const body = await selfRotate(token);
    const mark = await auditMark(suite.db);
    expect((await api.revoke({ auth: passwordOf(alice()), form: { name: "ci" } })).status).toBe(204);
    expect(await isValid(token)).toBe(false);
    expect(await isValid(body.token)).toBe(false);
    const events = await auditEventsSince(suite.db, mark);
    expect(events.map((e) => [e.action, e.tokenHint]).sort()).toEqual(
      [
        ["token.revoke", token.slice(-4)],
        ["token.revoke", body.token.slice(-4)],
      ].sort(),
    );
  });

  it("revoking the successor leaves the rotated token until its end; rotating it again makes a new one", async () => {
    const { token } = await generateWithPassword(alice(), "ci");
    const first = await selfRotate(token);
    const [successor] = await holdersOf("ci");
    await suite.db.delete(tokens).where(eq(tokens.id, successor!.id));
    expect((await rowOf(token))?.rotatedIntoId).toBeNull();
    expect(await isValid(token)).toBe(true);
    const again = await rotated({ auth: passwordOf(alice()), form: { name: "ci" } });
    expect(again.previousTokenExpiresAt).toBe(first.previousTokenExpiresAt);
    expect(await isValid(again.token)).toBe(true);
  });

  it("refuses a rotation whose successor would take a name another token holds now, changing nothing", async () => {
    const { token } = await generateWithPassword(alice(), "ci");
    await selfRotate(token);
    const [successor] = await holdersOf("ci");
    await suite.db.delete(tokens).where(eq(tokens.id, successor!.id));
    await generateWithPassword(alice(), "ci");
    const before = await databaseSnapshot(suite.db);
    const row = await rowOf(token);
    await expect(
      rotateToken(suite.db, { tokenId: row!.id, ownerId: alice().user.id }, 0, {
        actor: alice().user,
        clientIp: null,
        at: T0,
      }),
    ).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/already exists/) });
    expect(await databaseSnapshot(suite.db)).toEqual(before);
  });

  it("forward-auth records the last use's address and client too", async () => {
    const { token } = await generateWithPassword(alice(), "proxy");
    const res = await forwardRoute(
      apiRequest("GET", "/api/authentication/forward", {
        auth: { bearer: token },
        ip: "198.51.100.20",
        headers: { "user-agent": "Mozilla/5.0 behind nginx" },
      }),
    );
    expect(res.status).toBe(204);
    const [listed] = (await search(passwordOf(alice()))).userTokens;
    expect(listed).toMatchObject({
      lastConnectionIp: "198.51.100.20",
      lastConnectionClient: "Mozilla/5.0 behind nginx",
    });
  });

  it("records the last use's address and client (200 characters at most), at most once a minute", async () => {
    const { token } = await generateWithPassword(alice(), "ci");
    const use = (ip: string, userAgent: string) =>
      api.validate({ auth: { bearer: token }, ip, headers: { "user-agent": userAgent } });
    const last = async () => {
      const [listed] = (await search(passwordOf(alice()))).userTokens;
      return [listed?.lastConnectionDate, listed?.lastConnectionIp, listed?.lastConnectionClient];
    };
    expect(await last()).toEqual([undefined, undefined, undefined]);

    const long = `ci-runner/1.0 ${"x".repeat(300)}`;
    await use("198.51.100.7", long);
    expect(await last()).toEqual([iso(T0.getTime()), "198.51.100.7", long.slice(0, 200)]);

    advance(59_999);
    await use("203.0.113.9", "other/2.0");
    expect(await last()).toEqual([iso(T0.getTime()), "198.51.100.7", long.slice(0, 200)]);

    advance(1);
    await use("203.0.113.9", "other/2.0");
    expect(await last()).toEqual([iso(T0.getTime() + 60_000), "203.0.113.9", "other/2.0"]);
  });

  it("the sweeper deletes rotated tokens once their overlap ended, recording token.sweep (rotated)", async () => {
    const { token } = await generateWithPassword(alice(), "ci");
    const body = await selfRotate(token, { overlapSeconds: "3600" });
    const mark = await auditMark(suite.db);
    expect(await sweepTokens(suite.handle, new Date(T0.getTime() + HOUR_MS - 1))).toMatchObject({ removedRotated: 0 });
    expect(await rowOf(token)).toBeDefined();
    const end = new Date(T0.getTime() + HOUR_MS);
    expect(await sweepTokens(suite.handle, end)).toMatchObject({ removedRotated: 1, removedInactive: 0 });
    expect(await rowOf(token)).toBeUndefined();
    expect(await rowOf(body.token)).toBeDefined();
    const events = await auditEventsSince(suite.db, mark);
    expect(events).toEqual([
      expect.objectContaining({
        action: "token.sweep",
        createdAt: end,
        actorLogin: null,
        targetLogin: "alice",
        tokenName: "ci",
        tokenHint: token.slice(-4),
        details: expect.objectContaining({ reason: "rotated" }),
      }),
    ]);
    expect(new Date(String(events[0]?.details?.rotatedUntil)).getTime()).toBe(end.getTime());
  });
});
