import { z } from "zod";
import { expiryAfterDays, startOfUtcDay } from "./expiry";

const DAY_MS = 24 * 60 * 60 * 1000;

/** How long the old token keeps working after a rotation: the choices of the `Rotate token` dialog. */
export const ROTATION_OVERLAP_OPTIONS = [
  { label: "No overlap", seconds: 0 },
  { label: "1 hour", seconds: 3600 },
  { label: "1 day", seconds: 86_400 },
  { label: "7 days", seconds: 604_800 },
] as const satisfies readonly { label: string; seconds: number }[];

export const DEFAULT_OVERLAP_SECONDS = 86_400;

/**
 * The dialog's choice as the pages' server actions take it: one of the offered overlaps, in seconds
 * (a form sends it as text). Anything else is refused rather than read as `No overlap`.
 */
export const overlapChoiceSchema = z
  .enum(ROTATION_OVERLAP_OPTIONS.map((o) => String(o.seconds)) as [string, ...string[]], {
    error: "Choose how long the old token keeps working.",
  })
  .transform(Number);
/** The API takes any whole number of seconds up to the longest choice. */
export const MAX_OVERLAP_SECONDS = 604_800;

/** An overlap in words: the dialog's label when it is one, else whole days, hours, minutes or seconds. */
export function overlapLabel(seconds: number): string {
  const option = ROTATION_OVERLAP_OPTIONS.find((o) => o.seconds === seconds);
  if (option) return option.label;
  const units = [
    [86_400, "day"],
    [3600, "hour"],
    [60, "minute"],
  ] as const;
  for (const [size, unit] of units) {
    if (seconds % size === 0) return `${seconds / size} ${unit}${seconds === size ? "" : "s"}`;
  }
  return `${seconds} seconds`;
}

/**
 * The successor's expiry: the old token's lifetime in days (expiries fall at 00:00 UTC, so a token
 * made on one day and expiring N days later has an N-day lifetime), counted again from today,
 * and capped by today's maximum lifetime (null: none). No expiration stays so unless a maximum is set.
 */
export function successorExpiry(
  old: { createdAt: Date; expiresAt: Date | null },
  maxDays: number | null,
  now: Date,
): Date | null {
  let days =
    old.expiresAt === null
      ? null
      : Math.max(1, Math.round((old.expiresAt.getTime() - startOfUtcDay(old.createdAt).getTime()) / DAY_MS));
  if (maxDays !== null) days = days === null ? maxDays : Math.min(days, maxDays);
  return days === null ? null : expiryAfterDays(days, now);
}

/**
 * When the old token stops: now plus the overlap, never later than its own expiry, and never later
 * than the end an earlier rotation of it already set (rotating again only ever shortens its life).
 */
export function rotatedTokenEnd(
  old: { expiresAt: Date | null; rotatedUntil: Date | null },
  overlapSeconds: number,
  now: Date,
): Date {
  const ends = [now.getTime() + overlapSeconds * 1000];
  if (old.expiresAt) ends.push(old.expiresAt.getTime());
  if (old.rotatedUntil) ends.push(old.rotatedUntil.getTime());
  return new Date(Math.min(...ends));
}
