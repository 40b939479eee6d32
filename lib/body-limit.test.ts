import { createHash } from "node:crypto";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { bodyOf, chunk, endlessChunks, exchange, LAST_CHUNK, parts, statusOf } from "@/test/raw-http";
import { bodyWithinLimit, MAX_BODY_BYTES } from "./body-limit";

// A real HTTP server on a spare port, wired as scripts/server.ts wires it: every request, and every
// request that expects 100-continue, goes through the limit before the app reads its body.
let server: http.Server;
let port: number;
/** Bodies the app got to read: a refused request must never get here. */
let appSaw: number[] = [];
/** The server's side of each connection, to see how much it read. */
let serverSockets: Socket[] = [];

const sha = (data: Buffer) => createHash("sha256").update(data).digest("hex");

async function app(req: IncomingMessage, res: ServerResponse) {
  if (!(await bodyWithinLimit(req, res))) return;
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  const body = Buffer.concat(parts);
  appSaw.push(body.length);
  res.setHeader("Content-Type", "application/json");
  res.end(JSON.stringify({ length: body.length, sha: sha(body) }));
}

beforeAll(async () => {
  server = http.createServer((req, res) => void app(req, res));
  server.on("checkContinue", (req, res) => void app(req, res));
  server.on("connection", (socket) => serverSockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  appSaw = [];
  serverSockets = [];
});

const send = (head: string[], nextPart: () => Buffer | null) => exchange(port, head, nextPart);

function expectRefused(response: string) {
  expect(statusOf(response)).toBe(413);
  expect(response).toMatch(/\r\nconnection: close\r\n/i);
  expect(bodyOf(response)).toEqual({ errors: [{ msg: "The request body is too large: at most 64 KiB." }] });
  expect(appSaw).toEqual([]);
  // Half-closed, not dropped: dropping it while the client may still be sending would reset the
  // connection, which can lose the 413 before the client reads it.
  const socket = serverSockets.at(-1);
  expect(socket?.writableEnded).toBe(true);
  expect(socket?.destroyed).toBe(false);
}

describe("bodyWithinLimit on a real HTTP server", () => {
  it("is 64 KiB", () => {
    expect(MAX_BODY_BYTES).toBe(65_536);
  });

  it("lets a body of exactly the limit through untouched, declared by Content-Length or chunked", async () => {
    const body = Buffer.alloc(MAX_BODY_BYTES, "a");
    body.write("start", 0);
    body.write("end", MAX_BODY_BYTES - 3);
    const declared = await send(["POST /x HTTP/1.1", "Host: t", `Content-Length: ${body.length}`], parts([body]));
    expect(statusOf(declared.response)).toBe(200);
    expect(bodyOf(declared.response)).toEqual({ length: MAX_BODY_BYTES, sha: sha(body) });

    const pieces = [body.subarray(0, 1000), body.subarray(1000, 40_000), body.subarray(40_000)];
    const chunked = await send(
      ["POST /x HTTP/1.1", "Host: t", "Transfer-Encoding: chunked"],
      parts([...pieces.map(chunk), LAST_CHUNK]),
    );
    expect(statusOf(chunked.response)).toBe(200);
    expect(bodyOf(chunked.response)).toEqual({ length: MAX_BODY_BYTES, sha: sha(body) });
    expect(appSaw).toEqual([MAX_BODY_BYTES, MAX_BODY_BYTES]);
  });

  it("lets requests without a body through", async () => {
    const { response } = await send(["GET /x HTTP/1.1", "Host: t"], () => null);
    expect(statusOf(response)).toBe(200);
    expect(appSaw).toEqual([0]);
  });

  it("refuses a declared Content-Length over the limit at once, without waiting for the body", async () => {
    // 100 MB announced, 1 KiB sent: the answer comes while the client still has it all to send.
    const { response } = await send(
      ["POST /api/auth/callback/credentials HTTP/1.1", "Host: t", `Content-Length: ${100 * 1024 * 1024}`],
      parts([Buffer.alloc(1024, "x")]),
    );
    expectRefused(response);
    const { response: justOver } = await send(
      ["POST /x HTTP/1.1", "Host: t", `Content-Length: ${MAX_BODY_BYTES + 1}`],
      parts([Buffer.alloc(MAX_BODY_BYTES + 1, "x")]),
    );
    expectRefused(justOver);
  });

  it("counts a chunked body as it streams and refuses it once past the limit, reading no more", async () => {
    const cap = 50 * 1024 * 1024;
    const { response, bytesSent } = await send(
      ["POST /api/user_tokens/generate HTTP/1.1", "Host: t", "Transfer-Encoding: chunked"],
      endlessChunks(16 * 1024, cap),
    );
    expectRefused(response);
    expect(bytesSent).toBeLessThan(cap);
    // What the server read is about the limit (plus what was in flight), nowhere near what was offered.
    expect(serverSockets).toHaveLength(1);
    expect(serverSockets[0]?.bytesRead).toBeLessThan(4 * 1024 * 1024);
  });

  it("answers 100 Continue only to a body within the limit", async () => {
    const ask = (length: number, body: Buffer) =>
      new Promise<{ status: number; continued: boolean; text: string }>((resolve, reject) => {
        let continued = false;
        const req = http.request({
          port,
          host: "127.0.0.1",
          method: "POST",
          path: "/x",
          headers: { Expect: "100-continue", "Content-Length": length },
        });
        req.on("continue", () => {
          continued = true;
          req.end(body);
        });
        req.on("response", (res) => {
          let text = "";
          res.on("data", (data: Buffer) => (text += data.toString()));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, continued, text }));
        });
        req.on("error", reject);
        req.flushHeaders();
      });
    const small = await ask(5, Buffer.from("hello"));
    expect(small).toMatchObject({ status: 200, continued: true });
    const large = await ask(100 * 1024 * 1024, Buffer.alloc(0));
    expect(large).toMatchObject({ status: 413, continued: false });
    expect(JSON.parse(large.text)).toEqual({ errors: [{ msg: "The request body is too large: at most 64 KiB." }] });
    expect(appSaw).toEqual([5]);
  });
});
