import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import next from "next";
import { getDatabaseHandle } from "@/db/client";
import { bodyWithinLimit } from "@/lib/body-limit";
import { clientAddressOf, parseTrustProxy } from "@/lib/client-address";
import { CLIENT_IP_HEADER } from "@/lib/client-ip";
import { refusePasswordWithoutCheck } from "@/lib/auth/password-fast-refusal";
import { serveSignInRefusal } from "@/lib/auth/sign-in-fast-refusal";
import { appErrorRefusal } from "@/lib/api/responses";
import { clock } from "@/lib/clock";
import { serveForwardAuth } from "@/lib/forward-auth/handle";
import { mailConfig } from "@/lib/notices/mail-config";
import { refuseMalformedRequest, writeRefusal } from "@/lib/malformed-input";
import { DEFAULT_SWEEP_INTERVAL_MS, startSweeper } from "@/lib/tokens/sweeper";
import { prepareRuntime } from "./runtime";

const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT || 3000);
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
  // Behind reverse proxies, TRUST_PROXY says how many append to X-Forwarded-For (true: one).
  const trustedProxies = parseTrustProxy(process.env.TRUST_PROXY);
  // A bad SMTP_URL stops the start with a message rather than failing every email later.
  mailConfig();
  await prepareRuntime(port);
  const app = next({ dev, port, hostname: "localhost" });
  const handle = app.getRequestHandler();
  await app.prepare();
  const onRequest = async (req: IncomingMessage, res: ServerResponse) => {
    // Bodies over 64 KiB get 413 before they are read in full, on every route; Next sees only whole ones.
    if (!(await bodyWithinLimit(req, res))) return;
    // Malformed URLs and framework headers that Next.js or next-auth would answer with a 500.
    const refused = refuseMalformedRequest(req);
    if (refused) return writeRefusal(res, refused);
    // Rate limits key on this header: it is always overwritten, never taken from the client.
    const clientIp = clientAddressOf({
      socketAddress: req.socket.remoteAddress,
      forwardedFor: req.headers["x-forwarded-for"],
      trustedProxies,
    });
    req.headers[CLIENT_IP_HEADER] = clientIp;
    // Reverse proxies call forward-auth on every request they let through: answered before Next.
    if (serveForwardAuth(req, res)) return;
    // A flood of password guesses is refused here, so token requests never queue behind its answers.
    const now = clock.now();
    const refusedPassword = refusePasswordWithoutCheck(
      { url: req.url, authorization: req.headers.authorization, clientIp },
      now,
    );
    if (refusedPassword) return writeRefusal(res, appErrorRefusal(refusedPassword));
    if (serveSignInRefusal(req, res, clientIp, now)) return;
    void handle(req, res);
  };
  const server = createServer(onRequest);
  // A client that asks before sending its body is told 413 before sending an oversized one.
  server.on("checkContinue", onRequest);
  server.listen(port, () => {
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
