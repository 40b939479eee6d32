import net from "node:net";

/** HTTP/1.1 by hand over a socket, for what fetch will not do: announce one body and send another, stream without end. */
export interface Exchange {
  /** Everything the server sent, as latin1 text. */
  response: string;
  bytesSent: number;
}

/**
 * Sends a request head (`Connection: close` is added), then body parts from `nextPart` (honouring
 * backpressure) until it returns null or the server starts answering, and collects the answer
 * until the server closes its side of the connection.
 */
export function exchange(port: number, head: string[], nextPart: () => Buffer | null): Promise<Exchange> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    let response = "";
    let bytesSent = 0;
    socket.on("data", (data) => (response += data.toString("latin1")));
    socket.on("error", () => {}); // the server may close while we are still sending: that is the point
    // The server's FIN ends its answer; it may drop the connection only later.
    socket.on("end", () => {
      resolve({ response, bytesSent });
      socket.destroy();
    });
    socket.on("close", () => resolve({ response, bytesSent }));
    const send = () => {
      while (response === "" && !socket.destroyed) {
        const part = nextPart();
        if (part === null) return;
        bytesSent += part.length;
        if (!socket.write(part)) return void socket.once("drain", send);
      }
    };
    socket.write([...head, "Connection: close", "", ""].join("\r\n"));
    send();
  });
}

/** Body parts sent one after the other. */
export const parts = (list: Buffer[]) => () => list.shift() ?? null;

/** One chunk of a chunked body, and the last chunk that ends it. */
export const chunk = (data: Buffer) =>
  Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from("\r\n")]);
export const LAST_CHUNK = Buffer.from("0\r\n\r\n");

/** The same chunk over and over, up to `maxBytes` offered. */
export function endlessChunks(size: number, maxBytes: number): () => Buffer | null {
  const piece = chunk(Buffer.alloc(size, "y"));
  let offered = 0;
  return () => ((offered += piece.length) <= maxBytes ? piece : null);
}

export const statusOf = (response: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1]);
export const bodyOf = (response: string): unknown => JSON.parse(response.slice(response.indexOf("\r\n\r\n") + 4));
