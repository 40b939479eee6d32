import type { LiveNotice } from "@/db/queries/notices";
import { noticeSentence } from "./wording";

/** A notice as the `Notices` region shows it. */
export interface NoticeItem {
  id: string;
  text: string;
}

export const noticeItems = (list: LiveNotice[], now: Date): NoticeItem[] =>
  list.map((n) => ({ id: n.id, text: noticeSentence(n, now) }));

export type TokenBadge = "Expires soon" | "Inactive";

/** The badge of each token with a live expiry or inactivity notice, by token id. */
export function tokenBadges(list: LiveNotice[]): Map<string, TokenBadge> {
  const badges = new Map<string, TokenBadge>();
  for (const n of list) {
    if (!n.tokenId || n.reason === "leak") continue;
    // Expiry wins: it is the one rotation alone cannot put off.
    if (n.reason === "expiry" || !badges.has(n.tokenId)) {
      badges.set(n.tokenId, n.reason === "expiry" ? "Expires soon" : "Inactive");
    }
  }
  return badges;
}
