/**
 * `npm run bench:memory`: how much memory the production server holds, on PGlite and on PostgreSQL,
 * for a first start (new data folder or database) and a restart, after a fixed workload: a new user
 * signs in, generates 1,000 tokens through the Web API and views /account/security 100 times. The
 * figures are the kernel's (`/proc/<pid>/status`) for the node process that serves: VmRSS when it is
 * ready, VmHWM (peak) and VmRSS after the workload. A new PGlite data folder is created by a short
 * child process of the server; its peak is read from /proc while it runs. Everything runs twice: with
 * V8's heap limit on this machine and with the one it sets on a 1 GB machine.
 *
 * PostgreSQL: BENCH_DATABASE_URL or TEST_DATABASE_URL (a throwaway database on it), else a throwaway
 * server started with .ci/postgres.sh. Needs a production build (`npx next build`). Not a test: it
 * prints numbers (and fails if the workload does).
 */
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import v8 from "node:v8";
import postgres from "postgres";
import { memoryOf } from "./http-server";

const TOKENS = 1_000;
const PAGE_VIEWS = 100;
const ADMIN = { login: "admin", password: `memory-bench-${randomBytes(6).toString("hex")}` };
const root = process.cwd();

interface Target {
  name: string;
  env: Record<string, string>;
}

interface RunResult {
  readyMb: number;
  peakMb: number;
  steadyMb: number;
  /** The peak of the process that created a new PGlite data folder, when one ran. */
  creatorPeakMb?: number;
}

function childrenOf(pid: number): number[] {
  try {
    return fs
      .readdirSync(`/proc/${pid}/task`)
      .flatMap((task) => fs.readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").trim().split(/\s+/))
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

function commandOf(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
  } catch {
    return "";
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 20));

/** Starts the server as `npm start` does (node scripts/start.mjs, the process that serves) and resolves once it serves. */
async function startServer(env: Record<string, string>, port: number) {
  const server = spawn(process.execPath, ["scripts/start.mjs"], {
    cwd: root,
    env: { ...env, PORT: String(port), NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  let ready = false;
  const exited = new Promise<void>((resolve) => server.once("exit", () => resolve()));
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.includes("Tokensmith ready on")) ready = true;
  };
  server.stdout?.on("data", collect);
  server.stderr?.on("data", collect);

  const serverPid = server.pid ?? 0;
  let creatorPeakMb: number | undefined;
  const started = Date.now();
  while (!ready) {
    if (server.exitCode !== null) throw new Error(`The server exited during start-up:\n${output}`);
    if (Date.now() - started > 600_000) throw new Error(`The server did not start within 10 minutes:\n${output}`);
    // VmHWM only grows, so its last reading before the data-folder creator exits is its peak.
    for (const pid of childrenOf(serverPid)) {
      if (!commandOf(pid).includes("create-pglite-data-dir")) continue;
      const memory = memoryOf(pid);
      if (memory) creatorPeakMb = Math.max(creatorPeakMb ?? 0, memory.hwm);
    }
    await tick();
  }
  return { serverPid, exited, creatorPeakMb, output: () => output };
}

async function stopServer(serverPid: number, exited: Promise<void>) {
  try {
    process.kill(serverPid, "SIGTERM");
  } catch {
    return; // already gone (the caller reports why)
  }
  await exited;
}

function cookiesOf(response: Response): string[] {
  return response.headers.getSetCookie().map((cookie) => cookie.split(";")[0] ?? "");
}

async function expectOk(response: Response, what: string): Promise<Response> {
  if (!response.ok) throw new Error(`${what}: ${response.status} ${await response.text()}`);
  return response;
}

/** The fixed workload: a new user signs in, generates tokens and views My Account. */
async function workload(base: string, login: string) {
  const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
  const password = `password-${randomBytes(6).toString("hex")}`;
  await expectOk(
    await fetch(`${base}/api/users/create`, {
      method: "POST",
      headers: { authorization: basic(ADMIN.login, ADMIN.password) },
      body: new URLSearchParams({ login, name: "Memory Bench", password }),
    }),
    "create the user",
  );

  // Sign in through next-auth's credentials flow, as the login form does.
  const csrf = await expectOk(await fetch(`${base}/api/auth/csrf`), "csrf");
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const signIn = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie: cookiesOf(csrf).join("; ") },
    body: new URLSearchParams({ csrfToken, login, password, json: "true" }),
  });
  const session = cookiesOf(signIn).find((cookie) => cookie.startsWith("next-auth.session-token="));
  if (!session) throw new Error(`Sign-in failed: ${signIn.status} ${await signIn.text()}`);

  // The first token with the password, the others with that token (as a CI script would).
  let authorization = basic(login, password);
  for (let i = 0; i < TOKENS; i++) {
    const response = await expectOk(
      await fetch(`${base}/api/user_tokens/generate`, {
        method: "POST",
        headers: { authorization },
        body: new URLSearchParams({ name: `token ${i + 1}` }),
      }),
      "generate a token",
    );
    const { token } = (await response.json()) as { token: string };
    if (i === 0) authorization = `Bearer ${token}`;
  }

  for (let i = 0; i < PAGE_VIEWS; i++) {
    const page = await fetch(`${base}/account/security`, { redirect: "manual", headers: { cookie: session } });
    const html = await (await expectOk(page, "view /account/security")).text();
    if (!html.includes(`token ${TOKENS}`)) throw new Error("/account/security does not list the tokens.");
  }
}

async function run(target: Target, login: string): Promise<RunResult> {
  const port = await freePort();
  const server = await startServer(target.env, port);
  try {
    const ready = memoryOf(server.serverPid);
    await workload(`http://localhost:${port}`, login);
    const after = memoryOf(server.serverPid);
    if (!ready || !after) throw new Error(`The server is gone:\n${server.output()}`);
    return { readyMb: ready.rss, peakMb: after.hwm, steadyMb: after.rss, creatorPeakMb: server.creatorPeakMb };
  } finally {
    await stopServer(server.serverPid, server.exited);
  }
}

function report(name: string, phase: string, result: RunResult) {
  const mb = (value: number) => `${Math.round(value)} MB`.padStart(8);
  const creator =
    result.creatorPeakMb === undefined
      ? ""
      : `   data folder created in a child process: ${Math.round(result.creatorPeakMb)} MB peak`;
  console.log(
    `  ${`${name}, ${phase}`.padEnd(26)} ${mb(result.readyMb)} ${mb(result.peakMb)} ${mb(result.steadyMb)}${creator}`,
  );
}

async function measure(target: Target) {
  report(target.name, "first start", await run(target, "memory-1"));
  report(target.name, "restart", await run(target, "memory-2"));
}

/** A PostgreSQL to measure on (the given server, or a throwaway one), handing out new databases. */
async function withPostgres(fn: (newDatabase: (suffix: string) => Promise<string>) => Promise<void>) {
  let url = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
  let stop = () => {};
  if (!url) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tokensmith-memory-pg-"));
    const start = spawnSync("bash", [".ci/postgres.sh", "start", path.join(dir, "pg"), String(await freePort())], {
      encoding: "utf8",
    });
    if (start.status !== 0) throw new Error(`Could not start a throwaway PostgreSQL: ${start.stderr}`);
    url = start.stdout.trim();
    stop = () => {
      spawnSync("bash", [".ci/postgres.sh", "stop", path.join(dir, "pg")]);
      fs.rmSync(dir, { recursive: true, force: true });
    };
  }
  const serverUrl = url;
  const host = new URL(serverUrl).hostname;
  if (!["localhost", "127.0.0.1", "::1", "[::1]"].includes(host)) {
    throw new Error(`The PostgreSQL to measure on must be on localhost, not ${host}.`);
  }
  const prefix = `tokensmith_memory_${randomBytes(6).toString("hex")}`;
  const created: string[] = [];
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await fn(async (suffix) => {
      const name = `${prefix}_${suffix}`;
      await admin.unsafe(`create database ${name}`);
      created.push(name);
      const database = new URL(serverUrl);
      database.pathname = `/${name}`;
      return database.toString();
    });
  } finally {
    for (const name of created) await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
    stop();
  }
}

async function main() {
  if (!fs.existsSync(path.join(root, ".next", "BUILD_ID"))) {
    console.error("bench:memory measures the production server: run `npx next build` first.");
    process.exit(1);
  }
  console.log(
    "Measuring the production build in .next/ (`npx next build`; npm start builds first when the sources are newer).\n" +
      `Workload: a new user signs in, generates ${TOKENS.toLocaleString("en")} tokens (POST /api/user_tokens/generate) ` +
      `and views /account/security ${PAGE_VIEWS} times.\n` +
      "Memory of the node process that serves (/proc/<pid>/status): VmRSS when ready, VmHWM (peak), VmRSS after the workload.\n",
  );
  const { DATABASE_URL: _ignored, AUTH_SECRET: _secret, NEXTAUTH_URL: _url, ...inherited } = process.env;
  const base: Record<string, string> = {
    ...(inherited as Record<string, string>),
    INITIAL_ADMIN_LOGIN: ADMIN.login,
    INITIAL_ADMIN_PASSWORD: ADMIN.password,
  };
  // V8 lets its heap grow with the machine's memory before it collects: on a 1 GB machine its limit
  // is 256 MB (a quarter of the memory, and its minimum), so that machine is measured here too.
  const variants = [
    {
      heap: `V8's heap limit on this machine (${Math.round(v8.getHeapStatistics().heap_size_limit / 2 ** 20)} MB)`,
      flags: "",
    },
    { heap: "V8's heap limit on a 1 GB machine (--max-old-space-size=256)", flags: "--max-old-space-size=256" },
  ];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tokensmith-memory-"));
  try {
    await withPostgres(async (url) => {
      for (const [i, variant] of variants.entries()) {
        console.log(`${variant.heap}:`);
        console.log(`  ${"".padEnd(26)} ${"ready".padStart(8)} ${"peak".padStart(8)} ${"steady".padStart(8)}`);
        const env = { ...base, NODE_OPTIONS: [base.NODE_OPTIONS, variant.flags].filter(Boolean).join(" ") };
        await measure({ name: "PGlite", env: { ...env, DATA_DIR: path.join(dataDir, `pglite-${i}`) } });
        const database = await url(`v${i}`);
        await measure({
          name: "PostgreSQL",
          env: { ...env, DATA_DIR: path.join(dataDir, `pg-${i}`), DATABASE_URL: database },
        });
      }
    });
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
