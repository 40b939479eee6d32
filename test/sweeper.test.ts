import { eq, sql } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { rowsOf, type Database } from "@/db/client";
import { agentApps, projects, settings, tokens, type TokenKind } from "@/db/schema";
import { clock } from "@/lib/clock";
import { authenticateToken } from "@/lib/tokens/authenticate";
import { hashToken } from "@/lib/tokens/format";
import { startSweeper, sweepTokens, SWEEP_LOCK_KEY } from "@/lib/tokens/sweeper";
import { apiSuite, DAY_MS, issueToken, setNow, T0 } from "./api";
import { auditEventsSince, auditMark } from "./audit-events";
import { testDatabases } from "./databases";

async function exists(db: Database, value: string): Promise<boolean> {
  const rows = await db
    .select({ id: tokens.id })
    .from(tokens)
    .where(eq(tokens.tokenHash, hashToken(value)));
  return rows.length === 1;
}

async function tokenCount(db: Database): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(tokens);
  return row?.n ?? -1;
}

async function advisoryLocksHeld(db: Database): Promise<number> {
  const rows = rowsOf(
    await db.execute(sql`
    select count(*)::int as n from pg_locks
    where locktype = 'advisory' and database = (select oid from pg_database where datname = current_database())`),
  );
  return Number(rows[0]?.n);
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe.each(testDatabases())("token sweeper on $name", (target) => {
  const suite = apiSuite(target);
  const at = (days: number, ms = 0) => new Date(T0.getTime() + days * DAY_MS + ms);
  const aliceToken = (
    name: string,
    extra: { kind?: TokenKind; createdAt?: Date; expiresAt?: Date | null; projectId?: string } = {},
  ) => issueToken(suite.db, { kind: extra.kind ?? "user", name, userId: suite.users.alice.user.id, ...extra });

  async function agentApp(): Promise<string> {
    const [app] = await suite.db
      .insert(agentApps)
      .values({ name: `app-${Math.random().toString(36).slice(2)}`, createdByLogin: "root" })
      .returning();
    if (!app) throw new Error("no agent app");
    return app.id;
  }

  it("removes a never-used token exactly when it has been inactive for 60 days since creation", async () => {
    const token = await aliceToken("stale");
    const atBoundaryMinus1 = await sweepTokens(suite.handle, at(60, -1));
    expect(atBoundaryMinus1).toEqual({
      skipped: false,
      removedInactive: 0,
      removedAgent: 0,
      removedFinished: 0,
      removedRotated: 0,
      removedSessions: 0,
      noticesCreated: 1, // its inactivity notice: removal in 1 ms
      batches: 4,
      complete: true,
    });
    expect(await exists(suite.db, token)).toBe(true);

    const atBoundary = await sweepTokens(suite.handle, at(60));
    expect(atBoundary).toMatchObject({ skipped: false, removedInactive: 1, removedAgent: 0, complete: true });
    expect(await exists(suite.db, token)).toBe(false);
  });

  it("counts inactivity from the last use, not the creation", async () => {
    const token = await aliceToken("used");
    const neverUsed = await aliceToken("never-used");
    // Used on day 30 through the real authentication path, which records the use.
    setNow(at(30));
    expect((await authenticateToken(suite.db, token, clock.now())).ok).toBe(true);

    await sweepTokens(suite.handle, at(60));
    expect(await exists(suite.db, neverUsed)).toBe(false);
    expect(await exists(suite.db, token)).toBe(true);

    await sweepTokens(suite.handle, at(90, -1));
    expect(await exists(suite.db, token)).toBe(true);
    expect(await sweepTokens(suite.handle, at(90))).toMatchObject({ removedInactive: 1 });
    expect(await exists(suite.db, token)).toBe(false);
  });

  it("applies to every personal kind", async () => {
    const [project] = await suite.db.insert(projects).values({ key: "sweep-p", name: "Sweep" }).returning();
    await aliceToken("u");
    await aliceToken("g", { kind: "global_analysis" });
    await aliceToken("p", { kind: "project_analysis", projectId: project?.id });
    expect(await sweepTokens(suite.handle, at(60))).toMatchObject({ removedInactive: 3 });
    expect(await tokenCount(suite.db)).toBe(0);
  });

  it("removes no personal token when the setting is Never, but still removes expired agent tokens", async () => {
    await suite.db.update(settings).set({ inactiveTokenRemovalDays: null });
    const stale = await aliceToken("stale");
    const appId = await agentApp();
    await issueToken(suite.db, {
      kind: "agent",
      name: "agent",
      userId: suite.users.alice.user.id,
      agentAppId: appId,
      expiresAt: at(1),
    });
    const result = await sweepTokens(suite.handle, at(3650));
    expect(result).toEqual({
      skipped: false,
      removedInactive: 0,
      removedAgent: 1,
      removedFinished: 0,
      removedRotated: 0,
      removedSessions: 0,
      noticesCreated: 0,
      batches: 3,
      complete: true,
    });
    expect(await exists(suite.db, stale)).toBe(true);
  });

  it("reads the period from the settings at each run (30 days)", async () => {
    const token = await aliceToken("t");
    await sweepTokens(suite.handle, at(30));
    expect(await exists(suite.db, token)).toBe(true);
    await suite.db.update(settings).set({ inactiveTokenRemovalDays: 30 });
    await sweepTokens(suite.handle, at(30, -1));
    expect(await exists(suite.db, token)).toBe(true);
    expect(await sweepTokens(suite.handle, at(30))).toMatchObject({ removedInactive: 1 });
    expect(await exists(suite.db, token)).toBe(false);
  });

  it("keeps an expired user token that was used recently: expiry alone does not remove it", async () => {
    const token = await aliceToken("expiring", { expiresAt: at(10) });
    setNow(at(9));
    expect((await authenticateToken(suite.db, token, clock.now())).ok).toBe(true);
    // Expired since day 10, last used on day 9: inactive only from day 69.
    await sweepTokens(suite.handle, at(69, -1));
    expect(await exists(suite.db, token)).toBe(true);
    await sweepTokens(suite.handle, at(69));
    expect(await exists(suite.db, token)).toBe(false);
  });

  it("removes expired agent tokens, keeps live ones, and never removes organization or agent app tokens", async () => {
    const appId = await agentApp();
    const alice = suite.users.alice.user.id;
    const expired = await issueToken(suite.db, {
      kind: "agent",
      name: "a1",
      userId: alice,
      agentAppId: appId,
      expiresAt: at(1),
    });
    const atNow = await issueToken(suite.db, {
      kind: "agent",
      name: "a2",
      userId: alice,
      agentAppId: appId,
      expiresAt: at(2),
    });
    const live = await issueToken(suite.db, {
      kind: "agent",
      name: "a3",
      userId: alice,
      agentAppId: appId,
      expiresAt: at(2, 1),
    });
    const noExpiry = await issueToken(suite.db, {
      kind: "agent",
      name: "a4",
      userId: alice,
      agentAppId: appId,
      expiresAt: null,
    });
    const org = await issueToken(suite.db, { kind: "organization", name: "org", expiresAt: at(1) });
    const credential = await issueToken(suite.db, {
      kind: "agent_app",
      name: "cred",
      agentAppId: appId,
      expiresAt: at(1),
    });

    const result = await sweepTokens(suite.handle, at(2));
    expect(result).toMatchObject({ removedInactive: 0, removedAgent: 2, complete: true });
    expect(await exists(suite.db, expired)).toBe(false);
    expect(await exists(suite.db, atNow)).toBe(false);
    for (const kept of [live, noExpiry, org, credential]) expect(await exists(suite.db, kept)).toBe(true);

    // Years later, organization and agent app tokens are still there (never inactive, never swept).
    await sweepTokens(suite.handle, at(3650));
    expect(await exists(suite.db, org)).toBe(true);
    expect(await exists(suite.db, credential)).toBe(true);
    expect(await exists(suite.db, noExpiry)).toBe(true);
    expect(await exists(suite.db, live)).toBe(false);
  });

  it("removes finished agent tokens whatever their expiry, and keeps unfinished ones", async () => {
    const appId = await agentApp();
    const alice = suite.users.alice.user.id;
    const agent = (name: string, expiresAt: Date | null) =>
      issueToken(suite.db, { kind: "agent", name, userId: alice, agentAppId: appId, expiresAt });
    const finishedLive = await agent("finished-live", at(1));
    const finishedNoExpiry = await agent("finished-no-expiry", null);
    const running = await agent("running", at(1));
    // The task finish (another part of the product) sets finished_at: set it directly here.
    for (const value of [finishedLive, finishedNoExpiry]) {
      await suite.db
        .update(tokens)
        .set({ finishedAt: at(0, 5) })
        .where(eq(tokens.tokenHash, hashToken(value)));
    }

    const result = await sweepTokens(suite.handle, at(0, 10));
    expect(result).toEqual({
      skipped: false,
      removedInactive: 0,
      removedAgent: 0,
      removedFinished: 2,
      removedRotated: 0,
      removedSessions: 0,
      noticesCreated: 0,
      batches: 4,
      complete: true,
    });
    expect(await exists(suite.db, finishedLive)).toBe(false);
    expect(await exists(suite.db, finishedNoExpiry)).toBe(false);
    expect(await exists(suite.db, running)).toBe(true);
  });

  it("records one token.sweep audit event per removed token: system, owner, kind, name, hint, why", async () => {
    const mark = await auditMark(suite.db);
    const [project] = await suite.db.insert(projects).values({ key: "swept-p", name: "Swept" }).returning();
    const appId = await agentApp();
    const alice = suite.users.alice.user;
    const stale = await aliceToken("stale-one", { kind: "project_analysis", projectId: project?.id });
    const expired = await issueToken(suite.db, {
      kind: "agent",
      name: "expired-agent",
      userId: alice.id,
      agentAppId: appId,
      expiresAt: at(1),
    });
    const finished = await issueToken(suite.db, {
      kind: "agent",
      name: "finished-agent",
      userId: alice.id,
      agentAppId: appId,
      expiresAt: at(90),
    });
    await suite.db
      .update(tokens)
      .set({ finishedAt: at(2) })
      .where(eq(tokens.tokenHash, hashToken(finished)));

    expect(await sweepTokens(suite.handle, at(60))).toMatchObject({
      removedInactive: 1,
      removedAgent: 1,
      removedFinished: 1,
    });
    const events = await auditEventsSince(suite.db, mark);
    const common = {
      action: "token.sweep",
      createdAt: at(60),
      actorId: null,
      actorLogin: null,
      targetLogin: "alice",
      clientIp: null,
    };
    expect(
      events
        .map(({ id: _id, details: _details, ...rest }) => rest)
        .sort((a, b) => a.tokenName!.localeCompare(b.tokenName!)),
    ).toEqual([
      { ...common, tokenKind: "agent", tokenName: "expired-agent", tokenHint: expired.slice(-4) },
      { ...common, tokenKind: "agent", tokenName: "finished-agent", tokenHint: finished.slice(-4) },
      { ...common, tokenKind: "project_analysis", tokenName: "stale-one", tokenHint: stale.slice(-4) },
    ]);
    const details = Object.fromEntries(events.map((e) => [e.tokenName, e.details]));
    expect(details["stale-one"]).toMatchObject({ reason: "inactive", projectKey: "swept-p" });
    expect(new Date(String(details["stale-one"]?.lastActivity)).getTime()).toBe(T0.getTime());
    expect(details["expired-agent"]).toMatchObject({ reason: "expired" });
    expect(new Date(String(details["expired-agent"]?.expiresAt)).getTime()).toBe(at(1).getTime());
    expect(details["finished-agent"]).toMatchObject({ reason: "finished" });
    expect(new Date(String(details["finished-agent"]?.finishedAt)).getTime()).toBe(at(2).getTime());
  });

  it("records in the deleting statement: when the record cannot be written, nothing is deleted", async () => {
    const token = await aliceToken("stale");
    await suite.db.execute(sql`alter table audit_events rename to audit_events_away`);
    try {
      await expect(sweepTokens(suite.handle, at(60))).rejects.toThrow();
    } finally {
      await suite.db.execute(sql`alter table audit_events_away rename to audit_events`);
    }
    expect(await exists(suite.db, token)).toBe(true);
    const mark = await auditMark(suite.db);
    expect(await sweepTokens(suite.handle, at(60))).toMatchObject({ removedInactive: 1 });
    expect(await auditEventsSince(suite.db, mark)).toHaveLength(1);
  });

  it("records every token of a run in bounded batches: 25 tokens in batches of 10 give 25 events", async () => {
    const alice = suite.users.alice.user.id;
    await suite.db.insert(tokens).values(
      Array.from({ length: 25 }, (_, i) => ({
        kind: "user" as const,
        name: `many-${i}`,
        userId: alice,
        tokenHash: `many-hash-${i}`,
        hint: "wxyz",
        createdAt: at(0, i),
      })),
    );
    const mark = await auditMark(suite.db);
    const batches: number[] = [];
    const run = await sweepTokens(suite.handle, at(60, 100), {
      batchSize: 10,
      onBatch: (b) => batches.push(b.removed),
    });
    expect(run).toMatchObject({ removedInactive: 25, complete: true });
    expect(batches).toEqual([10, 10, 5, 0, 0, 0]);
    const events = await auditEventsSince(suite.db, mark);
    expect(events.map((e) => e.tokenName).sort()).toEqual(Array.from({ length: 25 }, (_, i) => `many-${i}`).sort());
  });

  it("works in bounded batches and reports an incomplete run; the next run finishes", async () => {
    const alice = suite.users.alice.user.id;
    await suite.db.insert(tokens).values(
      Array.from({ length: 25 }, (_, i) => ({
        kind: "user" as const,
        name: `stale-${i}`,
        userId: alice,
        tokenHash: `hash-${i}`,
        hint: "abcd",
        createdAt: at(0, i),
      })),
    );
    const keep = await aliceToken("fresh", { createdAt: at(1) });
    const first = await sweepTokens(suite.handle, at(60, 100), { batchSize: 10, maxBatches: 2 });
    expect(first).toEqual({
      skipped: false,
      removedInactive: 20,
      removedAgent: 0,
      removedFinished: 0,
      removedRotated: 0,
      removedSessions: 0,
      noticesCreated: 1, // "fresh": removed in a day
      batches: 2,
      complete: false,
    });
    expect(await tokenCount(suite.db)).toBe(6);

    const second = await sweepTokens(suite.handle, at(60, 100), { batchSize: 10, maxBatches: 4 });
    // 5 inactive (a short batch: done), then the expired and finished agent and the rotated tokens (none).
    expect(second).toEqual({
      skipped: false,
      removedInactive: 5,
      removedAgent: 0,
      removedFinished: 0,
      removedRotated: 0,
      removedSessions: 0,
      noticesCreated: 0,
      batches: 4,
      complete: true,
    });
    expect(await tokenCount(suite.db)).toBe(1);
    expect(await exists(suite.db, keep)).toBe(true);
  });

  it("agrees with authentication at the same instant: what it deletes is refused, what it keeps authenticates", async () => {
    const dies = await aliceToken("dies", { createdAt: at(0) });
    const lives = await aliceToken("lives", { createdAt: at(0, 1) });
    const now = at(60);
    expect(await authenticateToken(suite.db, dies, now)).toEqual({ ok: false, reason: "inactive" });
    expect(await sweepTokens(suite.handle, now)).toMatchObject({ removedInactive: 1 });
    expect(await exists(suite.db, dies)).toBe(false);
    expect(await exists(suite.db, lives)).toBe(true);
    expect((await authenticateToken(suite.db, lives, now)).ok).toBe(true);
  });

  it("releases its advisory lock after a run, also after a failing one", async () => {
    await aliceToken("stale");
    expect(await sweepTokens(suite.handle, at(60))).toMatchObject({ skipped: false, removedInactive: 1 });
    expect(await advisoryLocksHeld(suite.db)).toBe(0);
    expect(await sweepTokens(suite.handle, at(60))).toMatchObject({ skipped: false });
    expect(await advisoryLocksHeld(suite.db)).toBe(0);

    // A statement failing mid-run (here the settings read) must still unlock.
    await expect(sweepTokens(suite.handle, at(60), { batchSize: 0 })).rejects.toThrow(/batchSize/);
    await suite.db.execute(sql`alter table settings rename to settings_away`);
    try {
      await expect(sweepTokens(suite.handle, at(60))).rejects.toThrow();
    } finally {
      await suite.db.execute(sql`alter table settings_away rename to settings`);
    }
    expect(await advisoryLocksHeld(suite.db)).toBe(0);
    expect(await sweepTokens(suite.handle, at(60))).toMatchObject({ skipped: false });
  });

  it("skips without deleting anything while another run in this process is sweeping", async () => {
    const token = await aliceToken("stale");
    const [a, b] = await Promise.all([sweepTokens(suite.handle, at(60)), sweepTokens(suite.handle, at(60))]);
    expect([a?.skipped, b?.skipped].sort()).toEqual([false, true]);
    expect((a?.removedInactive ?? 0) + (b?.removedInactive ?? 0)).toBe(1);
    expect(await exists(suite.db, token)).toBe(false);
  });

  it("startSweeper runs on its timers, logs one line only when it removed something, logs errors, and stops", async () => {
    await aliceToken("stale", { createdAt: at(-61) });
    const appId = await agentApp();
    await issueToken(suite.db, {
      kind: "agent",
      name: "a",
      userId: suite.users.alice.user.id,
      agentAppId: appId,
      expiresAt: at(-1),
    });
    const lines: string[] = [];
    const errors: string[] = [];
    let logged = deferred();
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval"] });
    try {
      const stop = startSweeper(suite.handle, {
        intervalMs: 60_000,
        log: (line) => {
          lines.push(line);
          logged.resolve();
        },
        logError: (line) => {
          errors.push(line);
          logged.resolve();
        },
      });
      await vi.advanceTimersByTimeAsync(29_999);
      expect(await tokenCount(suite.db)).toBe(2); // the first run comes 30 s after the start
      await vi.advanceTimersByTimeAsync(1);
      await logged.promise;
      expect(lines).toEqual([
        "Token sweeper removed 1 inactive, 1 expired agent, 0 finished agent and 0 rotated tokens.",
      ]);
      expect(await tokenCount(suite.db)).toBe(0);

      // A run that removes nothing logs nothing; stop() waits for the run in progress.
      await vi.advanceTimersByTimeAsync(60_000);
      await stop();
      expect(lines).toHaveLength(1);

      // A failing run is logged, not thrown.
      logged = deferred();
      const stop2 = startSweeper(suite.handle, {
        intervalMs: 60_000,
        log: (line) => lines.push(line),
        logError: (line) => {
          errors.push(line);
          logged.resolve();
        },
      });
      await suite.db.execute(sql`alter table settings rename to settings_away`);
      try {
        await vi.advanceTimersByTimeAsync(30_000);
        await logged.promise;
      } finally {
        await stop2();
        await suite.db.execute(sql`alter table settings_away rename to settings`);
      }
      expect(errors).toEqual(["Token sweeper failed:"]);
      // Stopped: no more runs.
      await aliceToken("stale-2", { createdAt: at(-61) });
      await vi.advanceTimersByTimeAsync(10 * 60_000);
      expect(await tokenCount(suite.db)).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });
});

// Cross-connection behaviour needs a real server: PGlite has a single connection.
describe.each(testDatabases().filter((d) => d.name === "postgres"))(
  "token sweeper across connections on $name",
  (target) => {
    const suite = apiSuite(target);
    const at = (days: number) => new Date(T0.getTime() + days * DAY_MS);
    const aliceToken = (name: string) =>
      issueToken(suite.db, { kind: "user", name, userId: suite.users.alice.user.id });

    it("skips without deleting anything while another connection holds the lock, and runs once it is released", async () => {
      const token = await aliceToken("stale");
      const locked = deferred();
      const release = deferred();
      const holder = suite.handle.withDedicatedConnection(async (db) => {
        await db.execute(sql`select pg_advisory_lock(${SWEEP_LOCK_KEY.toString()}::bigint)`);
        locked.resolve();
        await release.promise;
        await db.execute(sql`select pg_advisory_unlock(${SWEEP_LOCK_KEY.toString()}::bigint)`);
      });
      try {
        await locked.promise;
        const skipped = await sweepTokens(suite.handle, at(60));
        expect(skipped).toEqual({
          skipped: true,
          removedInactive: 0,
          removedAgent: 0,
          removedFinished: 0,
          removedRotated: 0,
          removedSessions: 0,
          noticesCreated: 0,
          batches: 0,
          complete: false,
        });
        expect(await exists(suite.db, token)).toBe(true);
      } finally {
        release.resolve();
        await holder;
      }
      expect(await sweepTokens(suite.handle, at(60))).toMatchObject({ skipped: false, removedInactive: 1 });
      expect(await exists(suite.db, token)).toBe(false);
    });

    it("does not delete a token whose use is being recorded at that moment, nor after that use commits", async () => {
      const token = await aliceToken("in-use");
      const other = await aliceToken("idle");
      const updating = deferred();
      const commit = deferred();
      // An authentication on another connection records a use on day 60 but has not committed yet.
      const user = suite.handle.withDedicatedConnection(async (db) => {
        await db.execute(sql`begin`);
        await db
          .update(tokens)
          .set({ lastUsedAt: at(60) })
          .where(eq(tokens.tokenHash, hashToken(token)));
        updating.resolve();
        await commit.promise;
        await db.execute(sql`commit`);
      });
      try {
        await updating.promise;
        // The row is locked: skipped, not waited for; the idle token goes.
        expect(await sweepTokens(suite.handle, at(60))).toMatchObject({ skipped: false, removedInactive: 1 });
      } finally {
        commit.resolve();
        await user;
      }
      expect(await exists(suite.db, other)).toBe(false);
      // Committed: the token is active again and stays.
      expect(await sweepTokens(suite.handle, at(60))).toMatchObject({ removedInactive: 0 });
      expect(await exists(suite.db, token)).toBe(true);
    });
  },
);
