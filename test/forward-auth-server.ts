import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { CLIENT_IP_HEADER } from "@/lib/client-ip";
import { serveForwardAuth } from "@/lib/forward-auth/handle";

export interface RunningServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  port: number;
  close(): Promise<void>;
}

/** Starts a Node http server on a spare localhost port and resolves once it listens. */
export async function listen(server: Server): Promise<RunningServer> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * The forward-auth fast path as scripts/server.ts runs it: the client address from the socket, then
 * serveForwardAuth before anything else. What it does not take gets a 404 (Next.js would be there).
 */
export function startForwardAuthServer(): Promise<RunningServer> {
  return listen(
    createServer((req, res) => {
      req.headers[CLIENT_IP_HEADER] = req.socket.remoteAddress ?? "unknown";
      if (serveForwardAuth(req, res)) return;
      res.writeHead(404).end();
    }),
  );
}
