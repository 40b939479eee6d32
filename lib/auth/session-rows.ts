import type { SessionListRow } from "@/db/queries/sessions";
import { formatDateTime, formatRelative } from "@/lib/dates";
import { browserLabel } from "./browser-label";

/** A row of the `Sessions` list, ready to show. */
export interface SessionRow {
  id: string;
  browser: string;
  address: string;
  lastSeen: string;
  signedIn: string;
  current: boolean;
}

export function sessionRow(s: SessionListRow, currentId: string, now: Date): SessionRow {
  return {
    id: s.id,
    browser: browserLabel(s.userAgent),
    address: s.clientIp ?? "",
    // Seen within the throttle window counts as now: the write is at most once a minute.
    lastSeen: s.id === currentId ? "Now" : formatRelative(s.lastSeenAt, now),
    signedIn: formatDateTime(s.createdAt),
    current: s.id === currentId,
  };
}
