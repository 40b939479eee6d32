import type { Database } from "@/db/client";
import { deleteTokensByIds, lockTokensByHash, type ReportedToken } from "@/db/queries/leaked-tokens";
import { insertLeakNotices } from "@/db/queries/notices";
import { getTokenSettings } from "@/db/queries/settings";
import { auditedToken, recordAudit } from "@/lib/audit/record";
import { AppError } from "@/lib/errors";
import { isExpired, isInactive } from "@/lib/tokens/expiry";
import { hashToken, isWellFormedToken } from "@/lib/tokens/format";
import { TOKEN_KINDS } from "@/lib/tokens/kinds";
import { deliverNoticeMailLater } from "./deliver";
import { mailConfig } from "./mail-config";

export const MAX_REPORTED_CREDENTIALS = 1000;

const bad = (message: string) => new AppError("bad_request", message, "credentials");

/** The strings of a leak report's body, `{"credentials": [string, ...]}` with 1 to 1000 items; a 400 naming what is wrong otherwise. */
export function parseLeakReport(body: string): string[] {
  let document: unknown;
  try {
    document = JSON.parse(body);
  } catch {
    throw bad('The request body must be JSON: {"credentials": ["...", ...]}.');
  }
  if (typeof document !== "object" || document === null || Array.isArray(document)) {
    throw bad('The request body must be a JSON object: {"credentials": ["...", ...]}.');
  }
  const credentials = (document as Record<string, unknown>).credentials;
  if (credentials === undefined) throw bad("The 'credentials' parameter is missing.");
  if (!Array.isArray(credentials)) throw bad("The 'credentials' parameter must be an array of strings.");
  if (credentials.length === 0) throw bad("The 'credentials' parameter must hold at least one string.");
  if (credentials.length > MAX_REPORTED_CREDENTIALS) {
    throw bad(`The 'credentials' parameter holds ${credentials.length} items; at most ${MAX_REPORTED_CREDENTIALS}.`);
  }
  const index = credentials.findIndex((item) => typeof item !== "string");
  if (index !== -1) throw bad(`The 'credentials' parameter must hold strings only; item ${index} is not one.`);
  return credentials as string[];
}

/** Whether a reported token still works, so revoking it matters (a dead one is left to its own fate). */
function stillWorks(token: ReportedToken, inactiveTokenRemovalDays: number | null, now: Date): boolean {
  if (isExpired(token.expiresAt, now) || isExpired(token.rotatedUntil, now) || token.finishedAt !== null) return false;
  return !(
    TOKEN_KINDS[token.kind].sweptForInactivity &&
    isInactive(token.lastUsedAt ?? token.createdAt, inactiveTokenRemovalDays, now)
  );
}

/**
 * A secret scanner's leak report: every string with a valid checksum that is a live token of any
 * kind is revoked, in one transaction with its `token.leak_revoke` audit record (the reporting
 * address) and a leak notice for its owner (the admins for instance-owned kinds); the notices'
 * emails go out after the commit, without making the reporter wait. Returns nothing about what
 * matched: the answer must not tell which tokens exist.
 */
export async function revokeReportedTokens(
  db: Database,
  credentials: string[],
  report: { clientIp: string; at: Date },
): Promise<void> {
  const hashes = [...new Set(credentials.filter(isWellFormedToken).map(hashToken))];
  if (hashes.length === 0) return;
  const mailStatus = mailConfig() ? "pending" : "unsent";
  const noticeIds = await db.transaction(async (tx) => {
    const found = await lockTokensByHash(tx, hashes);
    if (found.length === 0) return [];
    const { inactiveTokenRemovalDays } = await getTokenSettings(tx);
    const live = found.filter((t) => stillWorks(t, inactiveTokenRemovalDays, report.at));
    await deleteTokensByIds(
      tx,
      live.map((t) => t.id),
    );
    for (const token of live) {
      await recordAudit(tx, {
        action: "token.leak_revoke",
        at: report.at,
        actor: null,
        clientIp: report.clientIp,
        targetLogin: token.ownerLogin,
        token: auditedToken(token),
      });
    }
    return insertLeakNotices(
      tx,
      live.map((t) => ({
        userId: TOKEN_KINDS[t.kind].owner === "user" ? t.userId : null,
        tokenKind: t.kind,
        tokenName: t.name,
        tokenHint: t.hint,
        mailStatus,
      })),
      report.at,
    );
  });
  deliverNoticeMailLater(db, noticeIds);
}
