import type { IncomingMessage, ServerResponse } from "node:http";
import { clientIpOfNodeHeaders } from "@/lib/client-ip";
import { clock } from "@/lib/clock";
import { targetsPath } from "@/lib/request-target";
import { answerForwardAuth, FORWARD_AUTH_PATH } from "./answer";

/** Whether a request target is the forward-auth endpoint, with or without a query string. */
export const isForwardAuthTarget = (url: string | undefined) => targetsPath(url, FORWARD_AUTH_PATH);

/** Answers a forward-auth request with Node's own response: no Next.js, no body read. */
export async function handleForwardAuth(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = req.url ?? "";
  const q = url.indexOf("?");
  const answer = await answerForwardAuth(
    {
      authorization: req.headers.authorization ?? null,
      query: q < 0 ? "" : url.slice(q + 1),
      clientIp: clientIpOfNodeHeaders(req.headers),
      userAgent: req.headers["user-agent"] ?? null,
    },
    clock.now(),
  );
  res.writeHead(answer.status, answer.headers);
  res.end(answer.body ?? undefined);
}

/**
 * The custom server's fast path: takes the request when it is for the forward-auth endpoint (true),
 * before the Next.js request pipeline, since a proxy calls it on every request it lets through.
 */
export function serveForwardAuth(req: IncomingMessage, res: ServerResponse): boolean {
  if (!isForwardAuthTarget(req.url)) return false;
  handleForwardAuth(req, res).catch((error: unknown) => {
    // Only writing the answer can fail here (the socket went away): never take the server down.
    console.error("Could not answer", FORWARD_AUTH_PATH, error instanceof Error ? error.message : error);
    res.destroy();
  });
  return true;
}
