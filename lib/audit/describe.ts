import type { AuditEvent } from "@/db/schema";
import { formatDate, formatDateTime } from "@/lib/dates";
import { INACTIVITY_OPTIONS, LIFETIME_OPTIONS } from "@/lib/tokens/expiry";
import { TOKEN_KINDS } from "@/lib/tokens/kinds";
import { overlapLabel } from "@/lib/tokens/rotation-policy";
import { AUDIT_ACTIONS, type AuditAction } from "./record";

export const isAuditAction = (value: string): value is AuditAction => Object.hasOwn(AUDIT_ACTIONS, value);

/** The label of an action (`Token generated`), or the stored name when it is not a known one. */
export const auditActionLabel = (action: string) => (isAuditAction(action) ? AUDIT_ACTIONS[action] : action);

/** The token an event is about as the log shows it (kind label, name, `…hint`), or null. */
export function describeAuditToken(event: Pick<AuditEvent, "tokenKind" | "tokenName" | "tokenHint">) {
  if (!event.tokenKind) return null;
  return {
    kind: TOKEN_KINDS[event.tokenKind].label,
    name: event.tokenName ?? "",
    hint: event.tokenHint ? `…${event.tokenHint}` : "",
  };
}

const dayLabel = (options: readonly { label: string; days: number | null }[], days: unknown) =>
  options.find((o) => o.days === days)?.label ?? (typeof days === "number" ? `${days} days` : String(days));

const REASONS: Record<string, string> = {
  inactive: "inactive",
  expired: "expired",
  finished: "task finished",
  rotated: "rotated, overlap ended",
  superseded: "its predecessor was rotated again",
  "user deleted": "its user was deleted",
  "project deleted": "its project was deleted",
};

const formatted = (format: (date: Date) => string) => (value: unknown) => {
  const date = new Date(String(value));
  return Number.isNaN(date.getTime()) ? String(value) : format(date);
};
const asDate = formatted(formatDate);
const asDateTime = formatted(formatDateTime);

type Settings = { maxTokenLifetimeDays?: unknown; inactiveTokenRemovalDays?: unknown };

function settingsChange(old: Settings, next: Settings): string[] {
  const parts: string[] = [];
  if (old.maxTokenLifetimeDays !== next.maxTokenLifetimeDays) {
    parts.push(
      `Maximum lifetime: ${dayLabel(LIFETIME_OPTIONS, old.maxTokenLifetimeDays)} → ${dayLabel(LIFETIME_OPTIONS, next.maxTokenLifetimeDays)}`,
    );
  }
  if (old.inactiveTokenRemovalDays !== next.inactiveTokenRemovalDays) {
    parts.push(
      `Remove inactive tokens: ${dayLabel(INACTIVITY_OPTIONS, old.inactiveTokenRemovalDays)} → ${dayLabel(INACTIVITY_OPTIONS, next.inactiveTokenRemovalDays)}`,
    );
  }
  return parts;
}

/** The details of an event in words for the Audit log's `Details` column, e.g. `Project: web; Expires: March 1, 2027`. */
export function describeAuditDetails(details: Record<string, unknown> | null): string {
  if (!details) return "";
  const parts: string[] = [];
  for (const [key, value] of Object.entries(details)) {
    if (key === "expiresAt" && value === null) parts.push("Expires: Never");
    if (value === null || value === undefined) continue;
    switch (key) {
      case "projectKey":
        parts.push(`Project: ${String(value)}`);
        break;
      case "scope":
        parts.push(`Scope: ${String(value)}`);
        break;
      case "name":
        parts.push(`Name: ${String(value)}`);
        break;
      case "role":
        parts.push(`Role: ${value === "admin" ? "Administrator" : "User"}`);
        break;
      case "initialAdmin":
        if (value === true) parts.push("First administrator");
        break;
      case "reason":
        parts.push(`Reason: ${REASONS[String(value)] ?? String(value)}`);
        break;
      case "expiresAt":
        parts.push(`Expires: ${asDate(value)}`);
        break;
      case "lastActivity":
        parts.push(`Last activity: ${asDate(value)}`);
        break;
      case "newHint":
        parts.push(`New token: …${String(value)}`);
        break;
      case "overlapSeconds":
        parts.push(`Overlap: ${typeof value === "number" ? overlapLabel(value) : String(value)}`);
        break;
      case "previousTokenExpiresAt":
        parts.push(`Old token stops: ${asDateTime(value)}`);
        break;
      case "rotatedUntil":
        parts.push(`Stopped: ${asDateTime(value)}`);
        break;
      case "finishedAt":
        parts.push(`Finished: ${asDate(value)}`);
        break;
      case "tokensDeleted":
        parts.push(`Tokens deleted: ${String(value)}`);
        break;
      case "credentials":
        parts.push(value === "password" ? "Login and password" : "Tokens");
        break;
      case "failures":
        parts.push(`${String(value)} failures`);
        break;
      case "windowSeconds":
        parts.push(`within ${Number(value) >= 60 ? `${Number(value) / 60} min` : `${String(value)} s`}`);
        break;
      case "old":
      case "new":
        break;
      default:
        parts.push(`${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`);
    }
  }
  if (details.old && details.new) parts.push(...settingsChange(details.old as Settings, details.new as Settings));
  return parts.join("; ");
}
