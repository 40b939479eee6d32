import type { PersonalTokenRow } from "@/db/queries/tokens";
import { formatDate, formatDateTime, formatRelative } from "@/lib/dates";
import { isExpired } from "./expiry";
import { TOKEN_KINDS } from "./kinds";

/** A row of a personal-token table, ready to show: names, dates and kinds only, never a secret. */
export interface TokenRow {
  id: string;
  name: string;
  type: string;
  project: string;
  lastUse: string;
  created: string;
  expiration: string;
  expired: boolean;
  /** The client address of the last use, shown under it; empty when unknown. */
  lastUseAddress: string;
  /** When a rotated token stops (date and time), or null for a token not rotated. */
  rotatedUntil: string | null;
  /** `Expires soon` or `Inactive` while the token has a live notice. */
  badge?: string | null;
}

/** A stored token as the token tables show it (no secret: only names, dates and kinds). */
export function tokenRow(t: PersonalTokenRow, now: Date): TokenRow {
  const expired = isExpired(t.expiresAt, now);
  return {
    id: t.id,
    name: t.name,
    type: TOKEN_KINDS[t.kind].label,
    project: t.projectName ?? "",
    lastUse: t.lastUsedAt ? formatRelative(t.lastUsedAt, now) : "Never",
    created: formatDate(t.createdAt),
    expiration: expired ? "Expired" : t.expiresAt ? formatDate(t.expiresAt) : "Never",
    expired,
    lastUseAddress: t.lastUsedIp ?? "",
    rotatedUntil: t.rotatedUntil ? formatDateTime(t.rotatedUntil) : null,
  };
}
