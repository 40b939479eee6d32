/**
 * `npm run bench:hostile`: the production server under two attacks, on PGlite and PostgreSQL. Not a
 * test: it prints figures (targets: valid-token p99 under 1 s during the flood; a 100 MB body
 * answered 413 in under 1 s with under 50 MB of memory growth).
 * - Floods: 200 concurrent password guesses, each with a new random login and a wrong password,
 *   kept up for FLOOD_SECONDS: Basic requests to /api/authentication/validate, then the sign-in
 *   form's posts, each first from one address, then (the server trusting X-Forwarded-For) each from
 *   a fresh one, which no per-address limit stops. Meanwhile one client sends valid-token requests
 *   one after another: their latency.
 * - A 100 MB body to POST /api/user_tokens/generate with a valid token, announced by
 *   Content-Length and then chunked: the time to the 413 and the server's peak RSS growth, read
 *   from /proc while it runs.
 */
import { fork } from "node:child_process";
import path from "node:path";
import { chunk, exchange, statusOf } from "@/test/raw-http";
import { buildApp, memoryOf, seedTokens, startServer, withEngine, type Engine } from "./http-server";

const FLOOD_CONCURRENCY = 200;
const FLOOD_SECONDS = Number(process.env.FLOOD_SECONDS || 10);
const BODY_BYTES = 100 * 1024 * 1024;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

interface FloodFigures {
  attempts: number;
  statuses: Record<string, number>;
  validRequests: number;
  p50: number;
  p99: number;
  max: number;
}

/**
 * Keeps FLOOD_CONCURRENCY password guesses in flight for FLOOD_SECONDS from a child process
 * (bench/hostile-flood.ts), as an attacker elsewhere would: in this process its thousands of answers
 * a second would delay the measuring client's own event loop, and that delay would be counted as
 * the server's. Both still share the machine's cores with the server.
 */
function startFlood(
  origin: string,
  { addresses, target }: FloodKind,
): Promise<{ attempts: number; statuses: Record<string, number> }> {
  const child = fork(
    path.join(import.meta.dirname, "hostile-flood.ts"),
    [origin, addresses, String(FLOOD_CONCURRENCY), String(FLOOD_SECONDS), target],
    {
      execArgv: ["--import", "tsx"],
    },
  );
  return new Promise((resolve, reject) => {
    child.once("message", (figures) => resolve(figures as { attempts: number; statuses: Record<string, number> }));
    child.once("exit", (code) => (code === 0 ? undefined : reject(new Error(`the flood exited with ${code}`))));
  });
}

interface FloodKind {
  label: string;
  addresses: "one" | "fresh";
  target: "basic" | "sign-in";
}

const FLOODS: FloodKind[] = [
  { label: "Basic, one address", addresses: "one", target: "basic" },
  { label: "Basic, a fresh address each", addresses: "fresh", target: "basic" },
  { label: "sign-in form, one address", addresses: "one", target: "sign-in" },
  { label: "sign-in form, a fresh address each", addresses: "fresh", target: "sign-in" },
];

async function flood(origin: string, token: string, kind: FloodKind): Promise<FloodFigures> {
  const flooded = startFlood(origin, kind);
  const until = Date.now() + FLOOD_SECONDS * 1000;
  const latencies: number[] = [];
  // One second into the flood, as in the measurement.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  while (Date.now() < until) {
    const started = performance.now();
    const res = await fetch(`${origin}/api/authentication/validate`, {
      headers: { authorization: `Bearer ${token}`, "x-forwarded-for": "192.0.2.10" },
    });
    const body = await res.text();
    if (body !== '{"valid":true}') throw new Error(`valid token answered ${res.status} ${body}`);
    latencies.push(performance.now() - started);
  }
  const { attempts, statuses } = await flooded;
  latencies.sort((a, b) => a - b);
  return {
    attempts,
    statuses,
    validRequests: latencies.length,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    max: latencies.at(-1) ?? 0,
  };
}

interface BodyFigures {
  status: number;
  ms: number;
  sentMb: number;
  growthMb: number;
}

/** Sends a 100 MB body (by Content-Length, or chunked) and watches the server's RSS until the answer. */
async function bigBody(port: number, pid: number, token: string, chunked: boolean): Promise<BodyFigures> {
  const baseline = memoryOf(pid)?.rss ?? 0;
  let peak = baseline;
  const watcher = setInterval(() => (peak = Math.max(peak, memoryOf(pid)?.rss ?? 0)), 5);
  const piece = Buffer.alloc(1024 * 1024, "a");
  const framed = chunked ? chunk(piece) : piece;
  let offered = 0;
  const started = performance.now();
  const { response, bytesSent } = await exchange(
    port,
    [
      "POST /api/user_tokens/generate HTTP/1.1",
      `Host: 127.0.0.1:${port}`,
      `Authorization: Bearer ${token}`,
      "Content-Type: application/x-www-form-urlencoded",
      chunked ? "Transfer-Encoding: chunked" : `Content-Length: ${BODY_BYTES}`,
    ],
    () => ((offered += piece.length) <= BODY_BYTES ? framed : null),
  );
  const ms = performance.now() - started;
  // A little longer: memory the body caused may show just after the answer.
  await new Promise((resolve) => setTimeout(resolve, 200));
  clearInterval(watcher);
  peak = Math.max(peak, memoryOf(pid)?.rss ?? 0);
  return { status: statusOf(response), ms, sentMb: bytesSent / 1024 / 1024, growthMb: peak - baseline };
}

async function run(engineName: "pglite" | "postgres"): Promise<void> {
  await withEngine(engineName, async (engine: Engine) => {
    const database = await engine.database("hostile");
    const handle = database.open();
    const token = await seedTokens(handle, 1);
    await handle.close();
    // Trusting one proxy lets the second flood give each attempt a fresh address, as a botnet would.
    const server = await startServer(database, { env: { TRUST_PROXY: "true" } });
    try {
      console.log(`\n${engine.name}`);
      for (const kind of FLOODS) {
        const f = await flood(server.origin, token, kind);
        const answers = Object.entries(f.statuses)
          .map(([status, n]) => `${n} × ${status}`)
          .join(", ");
        console.log(
          `  flood, ${kind.label}: ${f.attempts} attempts in ${FLOOD_SECONDS} s (${answers}); ` +
            `valid token meanwhile: ${f.validRequests} requests, p50 ${f.p50.toFixed(1)} ms, p99 ${f.p99.toFixed(1)} ms, max ${f.max.toFixed(1)} ms`,
        );
      }
      for (const chunked of [false, true]) {
        const b = await bigBody(server.port, server.pid, token, chunked);
        console.log(
          `  100 MB body (${chunked ? "chunked" : "Content-Length"}): ${b.status} after ${b.ms.toFixed(0)} ms, ` +
            `${b.sentMb.toFixed(1)} MB sent, server RSS growth ${b.growthMb.toFixed(1)} MB`,
        );
      }
    } finally {
      await server.stop();
    }
  });
}

async function main() {
  buildApp();
  await run("pglite");
  await run("postgres");
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
