/**
 * What the HTTP benchmarks share: databases to run the real server on (PGlite folders, PostgreSQL
 * databases), tokens to present, the server itself as a child process, and autocannon's load.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import { createServer, type AddressInfo } from "node:net";
import path from "node:path";
import autocannon from "autocannon";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { openPglite, openPostgres, type DatabaseHandle } from "@/db/client";
import { insertUser } from "@/db/queries/users";
import { tokens } from "@/db/schema";
import { generateTokenValue, hashToken, tokenHint } from "@/lib/tokens/format";

export const CONNECTIONS = 20;
const ROOT = path.resolve(__dirname, "..");

// Ctrl-C or a stop ends the bench through process.exit, so the "exit" handlers above clean up.
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => process.exit(130));

/** `npx next build`, unless BENCH_SKIP_BUILD=1 says the build is current: the server serves the build. */
export function buildApp(): void {
  if (process.env.BENCH_SKIP_BUILD === "1") return;
  console.log("Building (npx next build)...");
  const built = spawnSync("npx", ["next", "build"], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (built.status !== 0) throw new Error("next build failed");
}

export interface Route {
  key: "none" | "token" | "forward";
  label: string;
  path: string;
  withToken: boolean;
  /** What one request must answer before the load starts. */
  expect: { status: number; body?: string };
}

export const ROUTES: Route[] = [
  {
    key: "none",
    label: "validate, no credentials",
    path: "/api/authentication/validate",
    withToken: false,
    expect: { status: 200, body: '{"valid":false}' },
  },
  {
    key: "token",
    label: "validate, valid Bearer token",
    path: "/api/authentication/validate",
    withToken: true,
    expect: { status: 200, body: '{"valid":true}' },
  },
  {
    key: "forward",
    label: "forward-auth, valid Bearer token",
    path: "/api/authentication/forward",
    withToken: true,
    expect: { status: 204 },
  },
];

export interface Figure {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
}

/** One database with its own server environment: PGlite in its own data folder, or one PostgreSQL database. */
export interface BenchDatabase {
  dataDir: string;
  serverEnv: Record<string, string>;
  open(): DatabaseHandle;
}

/** A database engine: makes databases, and cleans up after them. */
export interface Engine {
  name: string;
  database(tag: string): Promise<BenchDatabase>;
  dispose(): Promise<void>;
}

export async function sparePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

function assertLocal(url: string): void {
  const host = new URL(url).hostname;
  if (!["localhost", "127.0.0.1", "::1", "[::1]"].includes(host)) {
    throw new Error(`BENCH_DATABASE_URL must point at localhost, not ${host}.`);
  }
}

/** PostgreSQL: throwaway databases in `adminUrl` (BENCH_DATABASE_URL), or in a throwaway server like CI's. */
export async function postgresEngine(tmp: string, adminUrl = process.env.BENCH_DATABASE_URL): Promise<Engine> {
  let stopServer = () => {};
  if (adminUrl) {
    assertLocal(adminUrl);
  } else {
    const dir = path.join(tmp, "postgres");
    const script = path.join(ROOT, ".ci/postgres.sh");
    const started = spawnSync("bash", [script, "start", dir, String(await sparePort())], { encoding: "utf8" });
    if (started.status !== 0) throw new Error(`Could not start PostgreSQL: ${started.stderr}`);
    adminUrl = started.stdout.trim();
    stopServer = () => spawnSync("bash", [script, "stop", dir]);
    // Also when the bench dies half-way (Ctrl-C, a closed pipe): never leave a server running.
    process.once("exit", stopServer);
  }
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const made: string[] = [];
  return {
    name: "PostgreSQL",
    database: async (tag) => {
      const dbName = `tokensmith_bench_${tag}_${randomBytes(4).toString("hex")}`;
      await admin.unsafe(`create database ${dbName}`);
      made.push(dbName);
      const url = new URL(adminUrl);
      url.pathname = `/${dbName}`;
      return {
        dataDir: path.join(tmp, tag),
        serverEnv: { DATABASE_URL: url.toString() },
        open: () => openPostgres(url.toString()),
      };
    },
    dispose: async () => {
      for (const dbName of made) await admin.unsafe(`drop database if exists ${dbName} with (force)`);
      await admin.end();
      process.off("exit", stopServer);
      stopServer();
    },
  };
}

/** PGlite, each database in its own data folder; opened from here only while no server runs on it. */
export function pgliteEngine(tmp: string): Engine {
  return {
    name: "PGlite",
    database: async (tag) => {
      const dataDir = path.join(tmp, tag);
      return { dataDir, serverEnv: {}, open: () => openPglite(path.join(dataDir, "pglite")) };
    },
    dispose: async () => {},
  };
}

/** Runs `fn` on an engine in a temporary folder (also `fn`'s to use), and removes both afterwards, whatever happens. */
export async function withEngine<T>(
  name: "pglite" | "postgres",
  fn: (engine: Engine, tmp: string) => Promise<T>,
): Promise<T> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `tokensmith-bench-${name}-`));
  const remove = () => fs.rmSync(tmp, { recursive: true, force: true });
  try {
    const engine = name === "pglite" ? pgliteEngine(tmp) : await postgresEngine(tmp);
    // Registered after the engine's own handler, so a dying bench stops PostgreSQL before this runs.
    process.once("exit", remove);
    try {
      return await fn(engine, tmp);
    } finally {
      await engine.dispose();
    }
  } finally {
    process.off("exit", remove);
    remove();
  }
}

/** One user with `count` real tokens; answers one of their values, the one the load presents. */
export async function seedTokens(handle: DatabaseHandle, count: number): Promise<string> {
  await handle.migrate();
  const { db } = handle;
  const user = await insertUser(db, { login: "bench", name: "Bench", passwordHash: "x", role: "user" });
  const values = Array.from({ length: count }, () => generateTokenValue("user"));
  await db.insert(tokens).values(
    values.map((value, i) => ({
      kind: "user" as const,
      userId: user.id,
      name: `t${i}`,
      tokenHash: hashToken(value),
      hint: tokenHint(value),
    })),
  );
  return values[0] ?? "";
}

/** Grows the table to `total` tokens with fake hashes, in one statement, and refreshes the planner's statistics. */
export async function growTokens(handle: DatabaseHandle, total: number): Promise<number> {
  const started = Date.now();
  const { db } = handle;
  await db.execute(sql`
    insert into tokens (kind, user_id, name, token_hash, hint)
    select 'user', (select id from users where login = 'bench'), 'fake-' || g, md5('a' || g) || md5('b' || g), 'fake'
    from generate_series(1, ${total}::int - (select count(*) from tokens)::int) g`);
  await db.execute(sql`analyze tokens`);
  return Date.now() - started;
}

export interface RunningServer {
  origin: string;
  stop(): Promise<void>;
}

/**
 * Starts scripts/server.ts on a spare port, in production mode, the sweeper off (`options.env` may
 * say otherwise); resolves once it is ready.
 */
export async function startServer(
  db: BenchDatabase,
  options: { cpuProfileDir?: string; env?: Record<string, string> } = {},
): Promise<RunningServer & { port: number; pid: number; output: () => string }> {
  const port = await sparePort();
  const profile = options.cpuProfileDir;
  const args = [
    ...(profile ? ["--cpu-prof", `--cpu-prof-dir=${profile}`] : []),
    "--import",
    "tsx",
    "scripts/server.ts",
  ];
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      ...db.serverEnv,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: String(port),
      DATA_DIR: db.dataDir,
      TOKEN_SWEEP_INTERVAL_SECONDS: "0",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const killOnExit = () => child.kill("SIGTERM");
  process.once("exit", killOnExit);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The server did not start in 120 s:\n${output}`)), 120_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Tokensmith ready on")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on("data", read);
    child.stderr?.on("data", read);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`The server exited (${code}) before it was ready:\n${output}`));
    });
  });
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    pid: child.pid ?? 0,
    output: () => output,
    stop: async () => {
      process.off("exit", killOnExit);
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** VmRSS / VmHWM of a process in MB, or undefined once it is gone. */
export function memoryOf(pid: number): { rss: number; hwm: number } | undefined {
  let status: string;
  try {
    status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  } catch {
    return undefined;
  }
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN) / 1024;
  const rss = field("VmRSS");
  return Number.isNaN(rss) ? undefined : { rss, hwm: field("VmHWM") };
}

export async function checkRoute(origin: string, route: Route, token: string): Promise<void> {
  const response = await fetch(origin + route.path, {
    headers: route.withToken ? { authorization: `Bearer ${token}` } : {},
  });
  const body = await response.text();
  if (response.status !== route.expect.status || (route.expect.body !== undefined && body !== route.expect.body)) {
    throw new Error(
      `${route.label}: expected ${route.expect.status} ${route.expect.body ?? ""}, got ${response.status} ${body}`,
    );
  }
}

export async function load(origin: string, route: Route, token: string, duration: number): Promise<Figure> {
  const result = await autocannon({
    url: origin + route.path,
    connections: CONNECTIONS,
    duration,
    headers: route.withToken ? { authorization: `Bearer ${token}` } : {},
  });
  const failed = result.errors + result.timeouts + result.non2xx;
  if (failed > 0) throw new Error(`${route.label}: ${failed} of ${result.requests.total} requests failed`);
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
  };
}
