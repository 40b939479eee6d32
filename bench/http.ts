/**
 * `npm run bench:http`: the Web API's token path over HTTP, against the real production server
 * (scripts/server.ts in front of a `next build`), on PGlite and on PostgreSQL, in one run so the
 * ratios compare figures taken under the same machine load. Not a test: it prints numbers and
 * whether the targets are met, and exits 0 either way.
 *
 * Knobs: BENCH_DATABASE_URL (a local PostgreSQL to make a throwaway database in; else one is started
 * with .ci/postgres.sh), BENCH_DURATION (seconds per route, split into BENCH_ROUNDS rounds), BENCH_WARMUP, BENCH_LARGE_TOKENS and
 * BENCH_PGLITE_LARGE_TOKENS (the big table), BENCH_ONLY=pglite|postgres, BENCH_SKIP_BUILD=1 (the
 * build is current).
 */
import os from "node:os";
import {
  buildApp,
  checkRoute,
  CONNECTIONS,
  growTokens,
  load,
  ROUTES,
  seedTokens,
  startServer,
  type Engine,
  type Figure,
  type Route,
  type RunningServer,
  withEngine,
} from "./http-server";

const DURATION = Number(process.env.BENCH_DURATION || 20);
const ROUNDS = Number(process.env.BENCH_ROUNDS || 5);
const WARMUP = Number(process.env.BENCH_WARMUP || 3);
const SMALL = 1_000;
const LARGE = Number(process.env.BENCH_LARGE_TOKENS || 1_000_000);
const PGLITE_LARGE = Number(process.env.BENCH_PGLITE_LARGE_TOKENS || LARGE);

const TARGETS = { tokenOverNone: 0.85, forwardOverToken: 5, largeOverSmall: 1.1 };

const count = (n: number) => n.toLocaleString("en-US");

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** A server on one database, and the figures of each route, one per round. */
interface Subject {
  label: string;
  server: RunningServer;
  token: string;
  rounds: Record<Route["key"], Figure[]>;
}

interface Check {
  label: string;
  /** The ratio in each round: both figures of a round were taken a few seconds apart, under the same load. */
  perRound: number[];
  target: string;
  met(ratio: number): boolean;
}

function checks(small: Subject, large: Subject): Check[] {
  const rps = (subject: Subject, key: Route["key"]) => subject.rounds[key].map((figure) => figure.rps);
  const divide = (a: number[], b: number[]) => a.map((value, i) => value / (b[i] ?? Number.NaN));
  const list: Check[] = [
    {
      label: "validate with token / without",
      perRound: divide(rps(small, "token"), rps(small, "none")),
      target: `>= ${TARGETS.tokenOverNone}x`,
      met: (ratio) => ratio >= TARGETS.tokenOverNone,
    },
    {
      label: "forward-auth / validate with token",
      perRound: divide(rps(small, "forward"), rps(small, "token")),
      target: `>= ${TARGETS.forwardOverToken}x`,
      met: (ratio) => ratio >= TARGETS.forwardOverToken,
    },
  ];
  for (const route of ROUTES) {
    list.push({
      label: `${route.label}: ${large.label} / ${small.label}`,
      perRound: divide(rps(large, route.key), rps(small, route.key)),
      target: `within ${TARGETS.largeOverSmall}x`,
      met: (ratio) => ratio >= 1 / TARGETS.largeOverSmall && ratio <= TARGETS.largeOverSmall,
    });
  }
  return list;
}

/**
 * The two table sizes are served at once by two servers, and every round measures each route on
 * each server in turn: the machine's load drifts, so only figures taken close together compare.
 */
async function benchEngine(engine: Engine, largeTokens: number): Promise<boolean[]> {
  const smallDb = await engine.database("small");
  const largeDb = await engine.database("large");
  let handle = smallDb.open();
  const smallToken = await seedTokens(handle, SMALL);
  await handle.close();
  handle = largeDb.open();
  const largeToken = await seedTokens(handle, SMALL);
  const ms = await growTokens(handle, largeTokens);
  await handle.close();
  console.log(`${engine.name}: ${count(largeTokens)} tokens stored in one statement in ${(ms / 1000).toFixed(1)} s`);
  const subjects: Subject[] = [];
  try {
    for (const [db, tokenCount, token] of [
      [smallDb, SMALL, smallToken],
      [largeDb, largeTokens, largeToken],
    ] as const) {
      const server = await startServer(db);
      subjects.push({
        label: `${count(tokenCount)} tokens`,
        server,
        token,
        rounds: { none: [], token: [], forward: [] },
      });
      for (const route of ROUTES) await checkRoute(server.origin, route, token);
    }
    for (const subject of subjects) {
      for (const route of ROUTES) await load(subject.server.origin, route, subject.token, WARMUP);
    }
    for (let round = 0; round < ROUNDS; round++) {
      for (const subject of subjects) {
        for (const route of ROUTES) {
          subject.rounds[route.key].push(await load(subject.server.origin, route, subject.token, DURATION / ROUNDS));
        }
      }
    }
  } finally {
    for (const subject of subjects) await subject.server.stop();
  }
  for (const subject of subjects) {
    console.log(`${engine.name}, ${subject.label} stored`);
    for (const route of ROUTES) {
      const figures = subject.rounds[route.key];
      const rps = figures.map((figure) => figure.rps);
      console.log(
        `  ${route.label.padEnd(34)} ${count(Math.round(median(rps))).padStart(7)} req/s (${count(Math.round(Math.min(...rps)))}-${count(Math.round(Math.max(...rps)))})   p50 ${median(figures.map((f) => f.p50))} ms   p99 ${median(figures.map((f) => f.p99))} ms`,
      );
    }
  }
  const [small, large] = subjects;
  if (!small || !large) throw new Error("both servers must have run");
  return checks(small, large).map((check) => {
    const ratio = median(check.perRound);
    const met = check.met(ratio);
    console.log(
      `  ${check.label.padEnd(54)} ${ratio.toFixed(2).padStart(6)}x  (target ${check.target}: ${met ? "met" : "NOT met"}; rounds ${check.perRound.map((r) => r.toFixed(2)).join(" ")})`,
    );
    return met;
  });
}

async function main() {
  buildApp();
  console.log(
    `${os.cpus().length} CPUs, Node ${process.version}, load average ${os.loadavg()[0]?.toFixed(2)}; autocannon, ${CONNECTIONS} connections; ` +
      `per route and table size ${ROUNDS} rounds of ${DURATION / ROUNDS} s (medians) after ${WARMUP} s of warm-up; one valid token presented`,
  );
  const only = process.env.BENCH_ONLY;
  const results: boolean[] = [];
  for (const name of ["pglite", "postgres"] as const) {
    if (only && only !== name) continue;
    results.push(
      ...(await withEngine(name, (engine) => benchEngine(engine, name === "pglite" ? PGLITE_LARGE : LARGE))),
    );
  }
  const missed = results.filter((met) => !met).length;
  console.log(missed === 0 ? "All targets met." : `${missed} of ${results.length} targets not met.`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
