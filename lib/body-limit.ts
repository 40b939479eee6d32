import type { IncomingMessage, ServerResponse } from "node:http";

/** The largest request body the server takes, on every route: no form or JSON of ours comes close. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * Decides whether a request's body may go on to the app, before it is read in full. Resolves true
 * at once for a request without a body or with a `Content-Length` within the limit (Node reads
 * exactly that many bytes, no more); answers 413 at once when `Content-Length` is over it. A
 * chunked body is counted as it arrives and held (at most the limit) until it is complete, so the
 * app only ever sees a whole body; once over, it gets 413 and nothing more is read. Resolves false
 * after a 413 or when the client goes away.
 *
 * It answers `Expect: 100-continue` itself (100 only when the body may come), so a server that
 * sends such requests here through 'checkContinue' spares the client sending an oversized body.
 */
export function bodyWithinLimit(
  req: IncomingMessage,
  res: ServerResponse,
  maxBytes = MAX_BODY_BYTES,
): Promise<boolean> {
  const expectsContinue = /^100-continue$/i.test(req.headers.expect ?? "");
  if (req.headers["transfer-encoding"] === undefined) {
    if (Number(req.headers["content-length"] ?? 0) > maxBytes) return Promise.resolve(refuse(req, res, maxBytes));
    if (expectsContinue) res.writeContinue();
    return Promise.resolve(true);
  }
  return new Promise((resolve) => {
    // Node's HTTP parser hands each body chunk to req.push, and null at the end: counting there sees
    // bytes as they arrive, whether or not anyone reads them yet.
    const push = req.push;
    const held: Buffer[] = [];
    let size = 0;
    req.push = (chunk: Buffer | null) => {
      if (chunk === null) {
        req.push = push;
        for (const part of held) req.push(part);
        req.push(null);
        resolve(true);
        return false;
      }
      size += chunk.length;
      if (size > maxBytes) {
        held.length = 0;
        req.push = () => false; // nothing more is kept, and false makes the parser stop reading
        resolve(refuse(req, res, maxBytes));
        return false;
      }
      held.push(chunk);
      return true; // held here, not in the stream's buffer: keep the bytes coming until the end
    };
    req.once("close", () => resolve(false));
    if (expectsContinue) res.writeContinue();
  });
}

/** How long a refused connection stays half-closed before it is dropped: time for the client to read the 413. */
const LINGER_MS = 2000;

/**
 * 413 in the Web API's error shape, then the connection is closed; the rest of the body is never
 * read. Node would drain an unread body after the answer and drop the socket at once, and dropping
 * it while the client is still sending resets the connection, which can lose the 413 itself. So
 * the request counts as read (nothing more of it is), the answer goes out with FIN, and the socket
 * is dropped a little later.
 */
function refuse(req: IncomingMessage, res: ServerResponse, maxBytes: number): false {
  const body = JSON.stringify({ errors: [{ msg: `The request body is too large: at most ${maxBytes / 1024} KiB.` }] });
  const socket = req.socket;
  Object.assign(socket, {
    // What Node calls once a `Connection: close` answer is written.
    destroySoon: () => {
      socket.end();
      setTimeout(() => socket.destroy(), LINGER_MS).unref();
    },
  });
  req.read(0);
  res.writeHead(413, {
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(body),
    Connection: "close",
  });
  res.end(body);
  return false;
}
