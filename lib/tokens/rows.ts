import ipaddr from "ipaddr.js";
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
  /** The `User-Agent` of the last use; empty when unknown. */
  lastUseClient: string;
  /** When a rotated token stops (date and time), or null for a token not rotated. */
  rotatedUntil: string | null;
  /** `Expires soon` or `Inactive` while the token has a live notice. */
  badge?: string | null;
}

/** What every token table shows of a token's last use and rotation (personal and organization tokens alike). */
export type UsageCells = Pick<TokenRow, "lastUse" | "lastUseAddress" | "lastUseClient" | "rotatedUntil">;

/** An address as people write it: an IPv4 client of a dual-stack socket (`::ffff:127.0.0.1`) as plain IPv4. */
function displayAddress(ip: string | null): string {
  if (!ip) return "";
  return ipaddr.isValid(ip) ? ipaddr.process(ip).toString() : ip;
}

export function usageCells(
  t: { lastUsedAt: Date | null; lastUsedIp: string | null; lastUsedClient: string | null; rotatedUntil: Date | null },
  now: Date,
): UsageCells {
  return {
    lastUse: t.lastUsedAt ? formatRelative(t.lastUsedAt, now) : "Never",
    lastUseAddress: displayAddress(t.lastUsedIp),
    lastUseClient: t.lastUsedClient ?? "",
    rotatedUntil: t.rotatedUntil ? formatDateTime(t.rotatedUntil) : null,
  };
}

/** A stored token as the token tables show it (no secret: only names, dates and kinds). */
export function tokenRow(t: PersonalTokenRow, now: Date): TokenRow {
  const expired = isExpired(t.expiresAt, now);
  return {
    id: t.id,
    name: t.name,
    type: TOKEN_KINDS[t.kind].label,
    project: t.projectName ?? "",
    created: formatDate(t.createdAt),
    expiration: expired ? "Expired" : t.expiresAt ? formatDate(t.expiresAt) : "Never",
    expired,
    ...usageCells(t, now),
  };
}
