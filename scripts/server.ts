import { createServer } from "node:http";
import next from "next";
import { getDatabaseHandle } from "@/db/client";
import { CLIENT_IP_HEADER } from "@/lib/client-ip";
import { serveForwardAuth } from "@/lib/forward-auth/handle";
import { DEFAULT_SWEEP_INTERVAL_MS, startSweeper } from "@/lib/tokens/sweeper";
import { prepareRuntime } from "./runtime";

const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT || 3000);
// Behind a reverse proxy, TRUST_PROXY=true takes the client address from X-Forwarded-For.
const trustProxy = process.env.TRUST_PROXY === "true";
// The token sweeper's period; TOKEN_SWEEP_INTERVAL_SECONDS overrides it, 0 turns it off.
const sweepSeconds = process.env.TOKEN_SWEEP_INTERVAL_SECONDS;
const sweepIntervalMs = sweepSeconds ? Number(sweepSeconds) * 1000 : DEFAULT_SWEEP_INTERVAL_MS;

async function main() {
  const started = Date.now();
  // Timers take at most 2^31-1 ms (about 24 days).
  if (!Number.isInteger(sweepIntervalMs) || sweepIntervalMs < 0 || sweepIntervalMs > 2 ** 31 - 1) {
    throw new Error(
      `TOKEN_SWEEP_INTERVAL_SECONDS must be a whole number of seconds (0 to turn the sweeper off), got '${sweepSeconds}'.`,
    );
  }
  await prepareRuntime(port);
  const app = next({ dev, port, hostname: "localhost" });
  const handle = app.getRequestHandler();
  await app.prepare();
  const server = createServer((req, res) => {
    // Rate limits key on this header: it is always overwritten, never taken from the client.
    const forwarded = trustProxy
      ? String(req.headers["x-forwarded-for"] ?? "")
          .split(",")[0]
          ?.trim()
      : "";
    req.headers[CLIENT_IP_HEADER] = forwarded || req.socket.remoteAddress || "unknown";
    // Reverse proxies call forward-auth on every request they let through: answered before Next.
    if (serveForwardAuth(req, res)) return;
    void handle(req, res);
  }).listen(port, () => {
    console.log(
      `Tokensmith ready on http://localhost:${port} (${dev ? "development" : "production"}, ${Date.now() - started} ms)`,
    );
  });

  const stopSweeper =
    sweepIntervalMs > 0 ? startSweeper(getDatabaseHandle(), { intervalMs: sweepIntervalMs }) : async () => {};

  // Close the database cleanly on Ctrl-C or a service stop, so PGlite flushes and releases its folder.
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down...`);
    server.close();
    server.closeAllConnections();
    stopSweeper()
      .then(() => getDatabaseHandle().close())
      .finally(() => process.exit(0));
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
