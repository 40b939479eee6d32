import { expiryAfterDays } from "./expiry";

const DAY_MS = 24 * 60 * 60 * 1000;
const YEAR_DAYS = 365;

export interface OrganizationExpiryOption {
  label: string;
  /** Null: never expires. */
  days: number | null;
}

/**
 * The `Expiry` choices of Settings > Tokens under a maximum lifetime (null = none): `Never` and
 * `After one year` when they fit, else the single `After <N> days` for the maximum itself.
 */
export function organizationExpiryOptions(maxDays: number | null): OrganizationExpiryOption[] {
  const options: OrganizationExpiryOption[] = [];
  if (maxDays === null) options.push({ label: "Never", days: null });
  if (maxDays === null || maxDays >= YEAR_DAYS) options.push({ label: "After one year", days: YEAR_DAYS });
  if (options.length === 0 && maxDays !== null) options.push({ label: `After ${maxDays} days`, days: maxDays });
  return options;
}

/** The expiry of a chosen option, or undefined when the maximum lifetime does not offer it. */
export function organizationExpiryFor(
  label: string,
  maxDays: number | null,
  now: Date,
): { expiresAt: Date | null } | undefined {
  const option = organizationExpiryOptions(maxDays).find((o) => o.label === label);
  if (!option) return undefined;
  return { expiresAt: option.days === null ? null : expiryAfterDays(option.days, now) };
}

/** The table's `Expiry`: `Never`, whole days left rounded up (`1 day`, `<N> days`), or `Expired`. */
export function organizationExpiryLabel(expiresAt: Date | null, now: Date): string {
  if (expiresAt === null) return "Never";
  const left = expiresAt.getTime() - now.getTime();
  if (left <= 0) return "Expired";
  const days = Math.ceil(left / DAY_MS);
  return days === 1 ? "1 day" : `${days} days`;
}
