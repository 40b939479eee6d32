/**
 * `npm run bench:http:profile [none|token|forward]`: where the server's CPU goes on one route
 * (default: validate with a valid token), from `node --cpu-prof` under autocannon load, counting
 * only the samples taken during the measured load. Not a test: it prints a table.
 *
 * Knobs: BENCH_ONLY=pglite|postgres (default postgres), BENCH_DATABASE_URL, BENCH_DURATION,
 * BENCH_WARMUP, BENCH_SKIP_BUILD=1, BENCH_TOP (functions listed, 25), BENCH_KEEP_PROFILE=FILE (copy the
 * raw profile there, and the measured window beside it as FILE.window.json).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { printSummary, summarise, type CpuProfile } from "./cpu-profile";
import {
  buildApp,
  checkRoute,
  CONNECTIONS,
  load,
  pgliteEngine,
  postgresEngine,
  ROUTES,
  seedTokens,
  startServer,
} from "./http-server";

const DURATION = Number(process.env.BENCH_DURATION || 20);
const WARMUP = Number(process.env.BENCH_WARMUP || 5);

/** Now on the profile's clock: V8's profiler and `process.hrtime` both read the monotonic clock, in µs here. */
const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

async function main() {
  const key = process.argv[2] ?? "token";
  const route = ROUTES.find((r) => r.key === key);
  if (!route) throw new Error(`Route must be one of ${ROUTES.map((r) => r.key).join(", ")}, got '${key}'.`);
  buildApp();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tokensmith-profile-"));
  const engine = process.env.BENCH_ONLY === "pglite" ? pgliteEngine(tmp) : await postgresEngine(tmp);
  try {
    const db = await engine.database("profile");
    const handle = db.open();
    const token = await seedTokens(handle, 1_000);
    await handle.close();
    const profileDir = path.join(tmp, "cpu-profile");
    const server = await startServer(db, { cpuProfileDir: profileDir });
    let window = { from: 0, to: 0 };
    let figure;
    try {
      await checkRoute(server.origin, route, token);
      await load(server.origin, route, token, WARMUP);
      const from = monotonicUs();
      figure = await load(server.origin, route, token, DURATION);
      window = { from, to: monotonicUs() };
    } finally {
      await server.stop();
    }
    const [file] = fs.readdirSync(profileDir).filter((name) => name.endsWith(".cpuprofile"));
    if (!file) throw new Error("The server wrote no CPU profile.");
    const raw = fs.readFileSync(path.join(profileDir, file), "utf8");
    const keep = process.env.BENCH_KEEP_PROFILE;
    if (keep) {
      fs.writeFileSync(keep, raw);
      fs.writeFileSync(`${keep}.window.json`, JSON.stringify({ ...window, requests: figure.requests }));
    }
    const profile = JSON.parse(raw) as CpuProfile;
    if (window.from < profile.startTime || window.to > profile.endTime) {
      throw new Error("The load's window is outside the profile: the clocks do not match.");
    }
    console.log(
      `${engine.name}, ${route.label}: ${Math.round(figure.rps)} req/s (p99 ${figure.p99} ms) under the profiler, ` +
        `${figure.requests} requests in ${DURATION} s, ${CONNECTIONS} connections, load average ${os.loadavg()[0]?.toFixed(2)}`,
    );
    printSummary(summarise(profile, window, figure.requests), Number(process.env.BENCH_TOP || 25));
  } finally {
    await engine.dispose();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
