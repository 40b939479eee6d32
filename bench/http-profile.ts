/**
 * `npm run bench:http:profile [none|token|forward ...]`: where the server's CPU goes on each route
 * (default: all three), from one `node --cpu-prof` server under autocannon load, one route after
 * the other, counting for each route only the samples taken during its measured load. Not a test:
 * it prints a table (package by route) and each route's top functions.
 *
 * Knobs: BENCH_ONLY=pglite|postgres (default postgres), BENCH_DATABASE_URL, BENCH_DURATION (per
 * route), BENCH_WARMUP, BENCH_SKIP_BUILD=1, BENCH_TOP (functions listed per route, 15),
 * BENCH_KEEP_PROFILE=FILE (copy the raw profile there, and the measured windows as FILE.windows.json).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { printTable, printTopFunctions, summarise, type CpuProfile } from "./cpu-profile";
import {
  buildApp,
  checkRoute,
  CONNECTIONS,
  load,
  ROUTES,
  seedTokens,
  startServer,
  withEngine,
  type Figure,
  type Route,
} from "./http-server";

const DURATION = Number(process.env.BENCH_DURATION || 15);
const WARMUP = Number(process.env.BENCH_WARMUP || 5);
const TOP = Number(process.env.BENCH_TOP || 15);

/** Now on the profile's clock: V8's profiler and `process.hrtime` both read the monotonic clock, in µs here. */
const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

interface Measured {
  route: Route;
  figure: Figure;
  window: { from: number; to: number };
}

async function main() {
  const keys = process.argv.slice(2);
  const unknown = keys.filter((key) => !ROUTES.some((route) => route.key === key));
  if (unknown.length > 0)
    throw new Error(`Routes are among ${ROUTES.map((r) => r.key).join(", ")}, not '${unknown.join(" ")}'.`);
  const routes = keys.length === 0 ? ROUTES : ROUTES.filter((route) => keys.includes(route.key));
  buildApp();
  await withEngine(process.env.BENCH_ONLY === "pglite" ? "pglite" : "postgres", async (engine, tmp) => {
    const db = await engine.database("profile");
    const handle = db.open();
    const token = await seedTokens(handle, 1_000);
    await handle.close();
    const profileDir = path.join(tmp, "cpu-profile");
    const server = await startServer(db, { cpuProfileDir: profileDir });
    const measured: Measured[] = [];
    try {
      for (const route of routes) {
        await checkRoute(server.origin, route, token);
        await load(server.origin, route, token, WARMUP);
        const from = monotonicUs();
        const figure = await load(server.origin, route, token, DURATION);
        measured.push({ route, figure, window: { from, to: monotonicUs() } });
      }
    } finally {
      await server.stop();
    }
    const [file] = fs.readdirSync(profileDir).filter((name) => name.endsWith(".cpuprofile"));
    if (!file) throw new Error("The server wrote no CPU profile.");
    const raw = fs.readFileSync(path.join(profileDir, file), "utf8");
    const keep = process.env.BENCH_KEEP_PROFILE;
    if (keep) {
      fs.writeFileSync(keep, raw);
      const windows = measured.map(({ route, figure, window }) => ({
        route: route.key,
        requests: figure.requests,
        ...window,
      }));
      fs.writeFileSync(`${keep}.windows.json`, JSON.stringify(windows));
    }
    const profile = JSON.parse(raw) as CpuProfile;
    if (measured.some(({ window }) => window.from < profile.startTime || window.to > profile.endTime)) {
      throw new Error("A measured window is outside the profile: the clocks do not match.");
    }
    console.log(
      `${engine.name}, one server under the profiler, ${CONNECTIONS} connections, ${DURATION} s per route, load average ${os.loadavg()[0]?.toFixed(2)}`,
    );
    for (const { route, figure } of measured) {
      console.log(`  ${route.label.padEnd(34)} ${Math.round(figure.rps)} req/s, p99 ${figure.p99} ms`);
    }
    const columns = measured.map(({ route, figure, window }) => ({
      label: route.key,
      summary: summarise(profile, window, figure.requests),
    }));
    printTable(columns);
    for (const { label, summary } of columns) printTopFunctions(label, summary, TOP);
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
