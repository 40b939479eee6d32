import type { NoticeReason } from "@/db/schema";

const DAY_MS = 86_400_000;

/** Whole days left until `dueAt`, rounded up, at least 1. */
export function daysLeft(dueAt: Date, now: Date): number {
  return Math.max(1, Math.ceil((dueAt.getTime() - now.getTime()) / DAY_MS));
}

const days = (n: number) => (n === 1 ? "1 day" : `${n} days`);

/** The sentence of a notice, as the `Notices` region and the emails say it. */
export function noticeSentence(
  notice: { reason: NoticeReason; tokenName: string; dueAt: Date | null },
  now: Date,
): string {
  if (notice.reason === "leak" || !notice.dueAt) {
    return `${notice.tokenName} was revoked because it was reported as leaked`;
  }
  const left = days(daysLeft(notice.dueAt, now));
  return notice.reason === "expiry"
    ? `${notice.tokenName} expires in ${left}`
    : `${notice.tokenName} will be removed for inactivity in ${left}`;
}
