import nodemailer, { type Transporter } from "nodemailer";
import type { Database } from "@/db/client";
import { claimNoticeForMail, finishNoticeMail, noticeRecipients, pendingMailNotices } from "@/db/queries/notices";
import { clock } from "@/lib/clock";
import { mailConfig, publicOrigin, type MailConfig } from "./mail-config";
import { noticeMessage } from "./message";

/** A notice's email is tried this many times (once per delivery run) before it is marked failed. */
export const MAX_MAIL_ATTEMPTS = 5;
/** Notices mailed per run; the rest wait for the next run. */
const BATCH = 200;

const transports = new Map<string, Transporter>();
function transportFor(url: string): Transporter {
  let transport = transports.get(url);
  if (!transport) {
    // Short timeouts: a dead SMTP server costs a run seconds, not minutes.
    transport = nodemailer.createTransport(url, {
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
    transports.set(url, transport);
  }
  return transport;
}

export interface DeliveryResult {
  sent: number;
  failed: number;
  /** Refused for now (connection lost, 4xx): left pending for the next run. */
  retrying: number;
}

/** A 5xx SMTP answer refuses for good; anything else (4xx, network) may pass on a later try. */
function isPermanent(error: unknown): boolean {
  const code = typeof error === "object" && error && "responseCode" in error ? Number(error.responseCode) : NaN;
  return code >= 500 && code < 600;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 1000);

/**
 * Sends the email of each pending notice (only `ids` when given): one message per notice to its
 * owner, or to every admin with an address for instance-owned tokens. Each notice is claimed first
 * (never sent twice, also by two servers at once); a failure is logged and recorded on the notice,
 * which is retried by the next run until MAX_MAIL_ATTEMPTS, or marked failed at once when the
 * server refuses it for good. Never throws for a failed send. Without mail configured, does nothing.
 */
export async function deliverNoticeMail(
  db: Database,
  options: { ids?: string[]; config?: MailConfig | null; logError?: (line: string) => void } = {},
): Promise<DeliveryResult> {
  const result: DeliveryResult = { sent: 0, failed: 0, retrying: 0 };
  const config = options.config === undefined ? mailConfig() : options.config;
  if (!config) return result;
  const logError = options.logError ?? ((line) => console.error(line));
  for (const { id } of await pendingMailNotices(db, BATCH, options.ids)) {
    const notice = await claimNoticeForMail(db, id);
    if (!notice) continue;
    const to = await noticeRecipients(db, notice);
    if (to.length === 0) {
      await finishNoticeMail(db, id, { status: "unsent" });
      continue;
    }
    const now = clock.now();
    try {
      await transportFor(config.url).sendMail({ from: config.from, to, ...noticeMessage(notice, publicOrigin(), now) });
      await finishNoticeMail(db, id, { status: "sent", at: now });
      result.sent += 1;
    } catch (error) {
      const final = isPermanent(error) || notice.mailAttempts >= MAX_MAIL_ATTEMPTS;
      const message = messageOf(error);
      logError(
        `Notice email ${id} (attempt ${notice.mailAttempts}) ${final ? "failed" : "will be retried"}: ${message}`,
      );
      await finishNoticeMail(db, id, { status: final ? "failed" : "pending", error: message });
      result[final ? "failed" : "retrying"] += 1;
    }
  }
  return result;
}

// Emails sent after a request (leak reports) run after its response: tracked so tests and a
// shutdown can wait for them.
const inFlight = new Set<Promise<unknown>>();

/** Delivers the emails of these notices without making the caller wait; errors are logged. */
export function deliverNoticeMailLater(db: Database, ids: string[]): void {
  if (ids.length === 0) return;
  const delivery = deliverNoticeMail(db, { ids })
    .catch((error: unknown) => console.error("Notice emails failed:", messageOf(error)))
    .finally(() => inFlight.delete(delivery));
  inFlight.add(delivery);
}

/** Resolves once every delivery started by deliverNoticeMailLater has finished. */
export async function noticeMailSettled(): Promise<void> {
  while (inFlight.size > 0) await Promise.all([...inFlight]);
}
