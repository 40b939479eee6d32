const DAY_MS = 24 * 60 * 60 * 1000;

/** Lifetime choices of the forms, in days; null means no expiration. A year is 365 days. */
export const LIFETIME_OPTIONS = [
  { label: "30 days", days: 30 },
  { label: "90 days", days: 90 },
  { label: "1 year", days: 365 },
  { label: "No expiration", days: null },
] as const satisfies readonly { label: string; days: number | null }[];

export type LifetimeLabel = (typeof LIFETIME_OPTIONS)[number]["label"];

export function startOfUtcDay(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

/**
 * An expiry of N days is 00:00 UTC on (today UTC + N days): every token made on one day expires at
 * the same instant wherever its user lives, and the API's YYYY-MM-DD dates mean the same instant.
 */
export function expiryAfterDays(days: number, now: Date): Date {
  return new Date(startOfUtcDay(now).getTime() + days * DAY_MS);
}

/** Options a form may offer under a maximum lifetime (null = no maximum). */
export function allowedLifetimeOptions(maxDays: number | null) {
  return LIFETIME_OPTIONS.filter((o) => maxDays === null || (o.days !== null && o.days <= maxDays));
}

export function formatDateOnly(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export type ExpirationDateResult = { ok: true; expiresAt: Date } | { ok: false; message: string };

/** Parses the API's `expirationDate` (YYYY-MM-DD, 00:00 UTC of that day, at least tomorrow). */
export function parseExpirationDate(value: string, now: Date): ExpirationDateResult {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const invalid = {
    ok: false as const,
    message: `The 'expirationDate' parameter must be a date in the format YYYY-MM-DD, got '${value.slice(0, 40)}'.`,
  };
  if (!match) return invalid;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return invalid;
  }
  const tomorrow = expiryAfterDays(1, now);
  if (date < tomorrow) {
    return {
      ok: false,
      message: `The 'expirationDate' parameter must be at least tomorrow (${formatDateOnly(tomorrow)}).`,
    };
  }
  return { ok: true, expiresAt: date };
}

export function isExpired(expiresAt: Date | null, now: Date): boolean {
  return expiresAt !== null && expiresAt.getTime() <= now.getTime();
}

/** A token unused (since last use, or creation) for the inactivity period no longer authenticates. */
export function isInactive(lastActivity: Date, inactivityDays: number | null, now: Date): boolean {
  return inactivityDays !== null && now.getTime() - lastActivity.getTime() >= inactivityDays * DAY_MS;
}

/** Choices of the `Remove tokens inactive for` setting, in days; null means never. */
export const INACTIVITY_OPTIONS = [
  { label: "30 days", days: 30 },
  { label: "60 days", days: 60 },
  { label: "90 days", days: 90 },
  { label: "Never", days: null },
] as const satisfies readonly { label: string; days: number | null }[];
