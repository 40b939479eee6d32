import { AppError } from "@/lib/errors";
import { allowedLifetimeOptions, expiryAfterDays, formatDateOnly, parseExpirationDate } from "./expiry";

/** Expiry for a lifetime chosen in a form; refuses a choice the maximum lifetime does not allow. */
export function expiryForLifetimeOption(label: string, maxDays: number | null, now: Date): Date | null {
  const option = allowedLifetimeOptions(maxDays).find((o) => o.label === label);
  if (!option) {
    throw new AppError("bad_request", "Choose an expiration allowed by the maximum token lifetime.", "expiresIn");
  }
  return option.days === null ? null : expiryAfterDays(option.days, now);
}

/**
 * Expiry for the API's optional `expirationDate`. While a maximum lifetime is set, a missing or
 * later date is refused, as SonarQube does, with the latest allowed date in the message.
 */
export function expiryForApiDate(value: string | undefined, maxDays: number | null, now: Date): Date | null {
  let expiresAt: Date | null = null;
  if (value !== undefined) {
    const parsed = parseExpirationDate(value, now);
    if (!parsed.ok) throw new AppError("bad_request", parsed.message, "expirationDate");
    expiresAt = parsed.expiresAt;
  }
  if (maxDays !== null) {
    const latest = expiryAfterDays(maxDays, now);
    if (expiresAt === null || expiresAt > latest) {
      throw new AppError(
        "bad_request",
        `The 'expirationDate' parameter is required and must be on or before ${formatDateOnly(latest)} (maximum token lifetime: ${maxDays} days).`,
        "expirationDate",
      );
    }
  }
  return expiresAt;
}
