import { createServer } from "node:http";
import next from "next";
import { getDatabaseHandle } from "@/db/client";
import { CLIENT_IP_HEADER } from "@/lib/api/handler";
import { prepareRuntime } from "./runtime";

const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT || 3000);
// Behind a reverse proxy, TRUST_PROXY=true takes the client address from X-Forwarded-For.
const trustProxy = process.env.TRUST_PROXY === "true";

async function main() {
  const started = Date.now();
  await prepareRuntime(port);
  const app = next({ dev, port, hostname: "localhost" });
  const handle = app.getRequestHandler();
  await app.prepare();
  const server = createServer((req, res) => {
    // Rate limits key on this header: it is always overwritten, never taken from the client.
    const forwarded = trustProxy ? String(req.headers["x-forwarded-for"] ?? "").split(",")[0]?.trim() : "";
    req.headers[CLIENT_IP_HEADER] = forwarded || req.socket.remoteAddress || "unknown";
    void handle(req, res);
  }).listen(port, () => {
    console.log(`Tokensmith ready on http://localhost:${port} (${dev ? "development" : "production"}, ${Date.now() - started} ms)`);
  });

  // Close the database cleanly on Ctrl-C or a service stop, so PGlite flushes and releases its folder.
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down...`);
    server.close();
    server.closeAllConnections();
    getDatabaseHandle()
      .close()
      .finally(() => process.exit(0));
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
