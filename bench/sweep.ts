/**
 * `npm run bench:sweep`: how long the token sweeper takes to delete 100,000 stale user tokens (and
 * 10,000 expired and 10,000 finished agent tokens, and 10,000 rotated tokens past their overlap)
 * among live ones, recording one audit event per
 * removed token in the same statements, with the default batch size, on PGlite (in a
 * temporary folder) and, when BENCH_DATABASE_URL or TEST_DATABASE_URL is set, in a throwaway
 * PostgreSQL database on that server. It also prints the plans of the four delete statements and how
 * long an authentication waits while a sweep runs. Not a test: it prints numbers (and fails if the
 * counts are wrong).
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { and, count, eq, sql, type SQL } from "drizzle-orm";
import postgres from "postgres";
import { openPglite, openPostgres, rowsOf, type Database, type DatabaseHandle } from "@/db/client";
import { expiredAgentBatch, finishedAgentBatch, inactivePersonalBatch, rotatedEndedBatch } from "@/db/queries/sweep";
import { insertUser } from "@/db/queries/users";
import { agentApps, auditEvents, tokens, type TokenKind } from "@/db/schema";
import { authenticateToken } from "@/lib/tokens/authenticate";
import { generateTokenValue, hashToken, tokenHint } from "@/lib/tokens/format";
import { DEFAULT_SWEEP_BATCH_SIZE, sweepTokens, type SweepStatement } from "@/lib/tokens/sweeper";

const STALE = Number(process.env.BENCH_STALE_TOKENS || 100_000);
const LIVE = Number(process.env.BENCH_LIVE_TOKENS || 20_000);
const AGENT_EXPIRED = Number(process.env.BENCH_AGENT_TOKENS || 10_000);
const AGENT_FINISHED = Number(process.env.BENCH_FINISHED_AGENT_TOKENS || 10_000);
const AGENT_LIVE = 1_000;
const ROTATED = Number(process.env.BENCH_ROTATED_TOKENS || 10_000);
const BATCH_SIZE = Number(process.env.BENCH_BATCH_SIZE || DEFAULT_SWEEP_BATCH_SIZE);
const INSERT_ROWS = 5_000;
const DAY_MS = 86_400_000;

function percentile(sorted: number[], p: number): string {
  return (sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0).toFixed(1);
}

type NewToken = typeof tokens.$inferInsert;

async function insertMany(db: Database, total: number, make: (i: number) => NewToken) {
  for (let i = 0; i < total; i += INSERT_ROWS) {
    await db.insert(tokens).values(Array.from({ length: Math.min(INSERT_ROWS, total - i) }, (_, j) => make(i + j)));
  }
}

async function explain(db: Database, label: string, statement: SQL) {
  const plan = rowsOf(await db.execute(sql`explain ${statement}`)).map((r) => String(Object.values(r)[0]));
  console.log(`  plan of ${label}:`);
  for (const line of plan) console.log(`    ${line}`);
}

async function bench(name: string, handle: DatabaseHandle) {
  await handle.migrate();
  const { db } = handle;
  const now = new Date();
  const user = await insertUser(db, { login: `bench-${Date.now()}`, name: "Bench", passwordHash: "x", role: "user" });
  const [app] = await db
    .insert(agentApps)
    .values({ name: `bench-${Date.now()}`, createdByLogin: "bench" })
    .returning();
  if (!app) throw new Error("no agent app");
  const stale = now.getTime() - 61 * DAY_MS;
  const recent = now.getTime() - DAY_MS;
  const hash = () => randomBytes(32).toString("hex");
  const userToken = (i: number, kind: TokenKind, at: number, used: boolean): NewToken => ({
    kind,
    name: `t${i}`,
    userId: user.id,
    tokenHash: hash(),
    hint: "abcd",
    // Half never used (activity = creation), half used long ago or recently (activity = last use).
    createdAt: new Date(used ? at - 30 * DAY_MS : at - (i % 1000)),
    lastUsedAt: used ? new Date(at - (i % 1000)) : null,
  });

  let started = performance.now();
  await insertMany(db, STALE, (i) => userToken(i, i % 10 === 0 ? "global_analysis" : "user", stale, i % 2 === 0));
  await insertMany(db, LIVE, (i) => userToken(STALE + i, "user", recent, i % 2 === 0));
  await insertMany(db, AGENT_EXPIRED + AGENT_LIVE, (i) => ({
    kind: "agent",
    name: `a${i}`,
    userId: user.id,
    agentAppId: app.id,
    tokenHash: hash(),
    hint: "abcd",
    createdAt: new Date(now.getTime() - 2 * DAY_MS),
    expiresAt: new Date(i < AGENT_EXPIRED ? now.getTime() - 1000 - i : now.getTime() + DAY_MS),
  }));
  // Finished tasks: not expired yet, dead because the agent said it was done.
  await insertMany(db, AGENT_FINISHED, (i) => ({
    kind: "agent",
    name: `f${i}`,
    userId: user.id,
    agentAppId: app.id,
    task: `task-${i}`,
    tokenHash: hash(),
    hint: "abcd",
    createdAt: new Date(now.getTime() - DAY_MS),
    expiresAt: new Date(now.getTime() + DAY_MS),
    finishedAt: new Date(now.getTime() - DAY_MS + 1000 + i),
  }));
  // Rotated tokens past their overlap, used recently (so not inactive).
  await insertMany(db, ROTATED, (i) => ({
    ...userToken(STALE + LIVE + i, "user", recent, true),
    rotatedUntil: new Date(now.getTime() - 1000 - i),
  }));
  // One live token that a client keeps presenting during the sweep.
  const presented = generateTokenValue("user");
  await db.insert(tokens).values({
    kind: "user",
    name: "presented",
    userId: user.id,
    tokenHash: hashToken(presented),
    hint: tokenHint(presented),
  });
  await db.execute(sql`analyze tokens`);
  console.log(
    `${name}: inserted ${STALE} stale + ${LIVE} live user tokens, ${AGENT_EXPIRED} expired + ${AGENT_FINISHED} finished + ${AGENT_LIVE} live agent tokens, ${ROTATED} ended rotated tokens in ${((performance.now() - started) / 1000).toFixed(1)} s; batch size ${BATCH_SIZE}`,
  );
  await explain(
    db,
    "the inactive personal batch",
    inactivePersonalBatch(new Date(now.getTime() - 60 * DAY_MS), now, BATCH_SIZE),
  );
  await explain(db, "the expired agent batch", expiredAgentBatch(now, BATCH_SIZE));
  await explain(db, "the finished agent batch", finishedAgentBatch(now, BATCH_SIZE));
  await explain(db, "the rotated batch", rotatedEndedBatch(now, BATCH_SIZE));

  // Authentications running next to the sweep, one after another, as a busy client would.
  let sweeping = true;
  const authTimes: number[] = [];
  const client = (async () => {
    while (sweeping) {
      const t = performance.now();
      const result = await authenticateToken(db, presented, now);
      authTimes.push(performance.now() - t);
      if (!result.ok) throw new Error(`the live token failed: ${result.reason}`);
    }
  })();

  const batchTimes: Record<SweepStatement, number[]> = { inactive: [], agent: [], finished: [], rotated: [] };
  let removedInactive = 0;
  let removedAgent = 0;
  let removedFinished = 0;
  let removedRotated = 0;
  let runs = 0;
  started = performance.now();
  for (;;) {
    runs += 1;
    const run = await sweepTokens(handle, now, {
      batchSize: BATCH_SIZE,
      onBatch: (b) => batchTimes[b.statement].push(b.ms),
    });
    if (run.skipped) throw new Error("skipped: another sweeper holds the lock");
    removedInactive += run.removedInactive;
    removedAgent += run.removedAgent;
    removedFinished += run.removedFinished;
    removedRotated += run.removedRotated;
    if (run.complete) break;
  }
  const total = performance.now() - started;
  sweeping = false;
  await client;

  const [remaining] = await db.select({ n: count() }).from(tokens).where(eq(tokens.userId, user.id));
  const [audited] = await db
    .select({ n: count() })
    .from(auditEvents)
    .where(and(eq(auditEvents.action, "token.sweep"), eq(auditEvents.targetLogin, user.login)));
  const expected = LIVE + AGENT_LIVE + 1;
  const removed = removedInactive + removedAgent + removedFinished + removedRotated;
  const ok =
    removedInactive === STALE &&
    removedAgent === AGENT_EXPIRED &&
    removedFinished === AGENT_FINISHED &&
    removedRotated === ROTATED &&
    remaining?.n === expected &&
    audited?.n === removed;
  const batches = Object.values(batchTimes).reduce((n, times) => n + times.length, 0);
  console.log(
    `  full sweep: ${(total / 1000).toFixed(2)} s in ${runs} runs, ${batches} batches; ${(removed / (total / 1000)).toFixed(0)} tokens/s`,
  );
  for (const [label, times] of Object.entries(batchTimes)) {
    const sorted = [...times].sort((a, b) => a - b);
    const mean = times.reduce((a, b) => a + b, 0) / Math.max(1, times.length);
    console.log(
      `  ${label} batches: ${times.length}, mean ${mean.toFixed(1)} ms, p50 ${percentile(sorted, 0.5)} ms, p99 ${percentile(sorted, 0.99)} ms, max ${percentile(sorted, 1)} ms`,
    );
  }
  authTimes.sort((a, b) => a - b);
  console.log(
    `  authentications during the sweep: ${authTimes.length}, p50 ${percentile(authTimes, 0.5)} ms, p99 ${percentile(authTimes, 0.99)} ms, max ${percentile(authTimes, 1)} ms`,
  );
  console.log(
    `  removed ${removedInactive} inactive, ${removedAgent} expired and ${removedFinished} finished agent, ${removedRotated} rotated tokens, ${audited?.n} token.sweep audit events; ${remaining?.n} left (expected ${expected}): ${ok ? "OK" : "WRONG"}`,
  );
  if (!ok) process.exitCode = 1;
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tokensmith-bench-"));
  try {
    await benchClosing("PGlite (on disk)", openPglite(path.join(dir, "pglite")));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const url = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
  if (!url) {
    console.log("PostgreSQL: skipped (set BENCH_DATABASE_URL or TEST_DATABASE_URL to a local server)");
    return;
  }
  const dbName = `tokensmith_bench_${randomBytes(6).toString("hex")}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${dbName}`);
  try {
    const benchUrl = new URL(url);
    benchUrl.pathname = `/${dbName}`;
    await benchClosing("PostgreSQL", openPostgres(benchUrl.toString()));
  } finally {
    await admin.unsafe(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
}

async function benchClosing(name: string, handle: DatabaseHandle) {
  try {
    await bench(name, handle);
  } finally {
    await handle.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
