import type { UserOwnedTokenRow } from "@/db/queries/tokens";
import type { TokenRow } from "@/components/tokens-table";
import { formatDate, formatRelative } from "@/lib/dates";
import { isExpired } from "./expiry";
import { TOKEN_KIND_LABELS } from "./kinds";

/** A stored token as the token tables show it (no secret: only names, dates and kinds). */
export function tokenRow(t: UserOwnedTokenRow, now: Date): TokenRow {
  const expired = isExpired(t.expiresAt, now);
  return {
    id: t.id,
    name: t.name,
    type: TOKEN_KIND_LABELS[t.kind],
    project: t.projectName ?? "",
    lastUse: t.lastUsedAt ? formatRelative(t.lastUsedAt, now) : "Never",
    created: formatDate(t.createdAt),
    expiration: expired ? "Expired" : t.expiresAt ? formatDate(t.expiresAt) : "Never",
    expired,
  };
}
