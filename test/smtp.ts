import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { notices, users } from "@/db/schema";
import type { ApiSuite } from "./api";

export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** The whole message as it arrived, headers included. */
  raw: string;
}

/**
 * A real SMTP server on a spare localhost port, in the test process: it keeps every message it
 * accepts, parsed with mailparser, and refuses recipients with 550 while `refuse` is set.
 */
export async function startSmtpServer() {
  const received: ReceivedMail[] = [];
  const state = { refuse: false };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (!state.refuse) return callback();
      const error = Object.assign(new Error("Mailbox unavailable"), { responseCode: 550 });
      callback(error);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        simpleParser(raw).then(
          (mail) => {
            received.push({
              to: session.envelope.rcptTo.map((r) => r.address),
              subject: mail.subject ?? "",
              text: mail.text ?? "",
              html: typeof mail.html === "string" ? mail.html : "",
              raw,
            });
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    state,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type TestSmtpServer = Awaited<ReturnType<typeof startSmtpServer>>;

/**
 * Hooks for a suite that mails: one SMTP server for the suite, mail configured to it (SMTP_URL,
 * MAIL_FROM) and no notices, no received messages and emails for alice and root only before each
 * test; the configuration removed after it.
 */
export function useSmtpServer(suite: ApiSuite): { server: TestSmtpServer } {
  const holder = {} as { server: TestSmtpServer };
  beforeAll(async () => {
    holder.server = await startSmtpServer();
  });
  afterAll(async () => {
    await holder.server.close();
  });
  beforeEach(async () => {
    await suite.db.delete(notices);
    await suite.db.update(users).set({ email: null });
    await suite.db.update(users).set({ email: "alice@example.test" }).where(eq(users.login, "alice"));
    await suite.db.update(users).set({ email: "root@example.test" }).where(eq(users.login, "root"));
    holder.server.received.length = 0;
    holder.server.state.refuse = false;
    process.env.SMTP_URL = holder.server.url;
    process.env.MAIL_FROM = "Tokensmith <tokensmith@example.test>";
    delete process.env.NEXTAUTH_URL;
  });
  afterEach(() => {
    delete process.env.SMTP_URL;
    delete process.env.MAIL_FROM;
  });
  return holder;
}
