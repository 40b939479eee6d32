import { describe, expect, it } from "vitest";
import {
  allowedLifetimeOptions,
  expiryAfterDays,
  isExpired,
  isInactive,
  parseExpirationDate,
  startOfUtcDay,
} from "./expiry";

const at = (iso: string) => new Date(iso);
const DAY = 86_400_000;

describe("expiryAfterDays", () => {
  it("is 00:00 UTC of today (UTC) plus N days", () => {
    expect(expiryAfterDays(30, at("2026-03-10T12:34:56.789Z"))).toEqual(at("2026-04-09T00:00:00.000Z"));
    expect(expiryAfterDays(90, at("2026-03-10T00:00:00.000Z"))).toEqual(at("2026-06-08T00:00:00.000Z"));
  });

  it("uses the UTC day near midnight UTC", () => {
    expect(expiryAfterDays(1, at("2026-03-10T23:59:59.999Z"))).toEqual(at("2026-03-11T00:00:00.000Z"));
    expect(expiryAfterDays(1, at("2026-03-11T00:00:00.000Z"))).toEqual(at("2026-03-12T00:00:00.000Z"));
    // 23:30 on the 10th in New York is already the 11th in UTC.
    expect(expiryAfterDays(30, at("2026-03-10T23:30:00-04:00"))).toEqual(at("2026-04-10T00:00:00.000Z"));
  });

  it("counts a year as 365 days, across a leap day too", () => {
    expect(expiryAfterDays(365, at("2026-01-01T08:00:00Z"))).toEqual(at("2027-01-01T00:00:00.000Z"));
    expect(expiryAfterDays(365, at("2027-03-01T08:00:00Z"))).toEqual(at("2028-02-29T00:00:00.000Z"));
  });

  it("startOfUtcDay truncates to 00:00 UTC", () => {
    expect(startOfUtcDay(at("2026-12-31T23:59:59.999Z"))).toEqual(at("2026-12-31T00:00:00.000Z"));
  });
});

describe("parseExpirationDate", () => {
  const now = at("2026-03-10T15:00:00Z");

  it.each([
    "",
    "2026-3-20",
    "20260320",
    "2026/03/20",
    "20-03-2026",
    "2026-03-20T00:00:00Z",
    " 2026-03-20",
    "2026-03-20 ",
    "+2026-03-20",
    "tomorrow",
    "２０２６-03-20",
  ])("refuses the badly formatted %j, naming the parameter", (value) => {
    const result = parseExpirationDate(value, now);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain("'expirationDate'");
  });

  it.each(["2027-02-30", "2027-02-29", "2026-04-31", "2026-13-01", "2026-00-10", "2026-03-00", "2026-03-32"])(
    "refuses the impossible date %s",
    (value) => {
      const result = parseExpirationDate(value, now);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message).toMatch(/'expirationDate'.*YYYY-MM-DD/);
    },
  );

  it("accepts a leap day that exists", () => {
    expect(parseExpirationDate("2028-02-29", now)).toEqual({ ok: true, expiresAt: at("2028-02-29T00:00:00Z") });
  });

  it("refuses today and the past, with tomorrow's date in the message", () => {
    for (const value of ["2026-03-10", "2026-03-09", "1999-01-01"]) {
      const result = parseExpirationDate(value, now);
      expect(result).toEqual({
        ok: false,
        message: "The 'expirationDate' parameter must be at least tomorrow (2026-03-11).",
      });
    }
  });

  it("accepts tomorrow as 00:00 UTC of that date", () => {
    expect(parseExpirationDate("2026-03-11", now)).toEqual({ ok: true, expiresAt: at("2026-03-11T00:00:00Z") });
  });

  it("judges today and tomorrow in UTC near midnight", () => {
    expect(parseExpirationDate("2026-03-11", at("2026-03-10T23:59:59.999Z")).ok).toBe(true);
    expect(parseExpirationDate("2026-03-11", at("2026-03-11T00:00:00.000Z")).ok).toBe(false);
    expect(parseExpirationDate("2026-03-12", at("2026-03-11T00:00:00.000Z")).ok).toBe(true);
  });
});

describe("allowedLifetimeOptions", () => {
  const labels = (max: number | null) => allowedLifetimeOptions(max).map((o) => o.label);

  it("offers every option, No expiration included, without a maximum", () => {
    expect(labels(null)).toEqual(["30 days", "90 days", "1 year", "No expiration"]);
  });

  it("offers only the options within each maximum", () => {
    expect(labels(30)).toEqual(["30 days"]);
    expect(labels(90)).toEqual(["30 days", "90 days"]);
    expect(labels(365)).toEqual(["30 days", "90 days", "1 year"]);
  });

  it("counts 1 year as 365 days", () => {
    expect(allowedLifetimeOptions(null).find((o) => o.label === "1 year")?.days).toBe(365);
  });
});

describe("isExpired", () => {
  const expiresAt = at("2026-04-09T00:00:00Z");

  it("is expired from the expiry instant on", () => {
    expect(isExpired(expiresAt, new Date(expiresAt.getTime() - 1))).toBe(false);
    expect(isExpired(expiresAt, expiresAt)).toBe(true);
    expect(isExpired(expiresAt, new Date(expiresAt.getTime() + 1))).toBe(true);
  });

  it("never expires without an expiry", () => {
    expect(isExpired(null, at("2999-01-01T00:00:00Z"))).toBe(false);
  });
});

describe("isInactive", () => {
  const lastActivity = at("2026-03-10T15:00:00Z");

  it("becomes inactive exactly when the period has passed since the last activity", () => {
    expect(isInactive(lastActivity, 60, new Date(lastActivity.getTime() + 60 * DAY - 1))).toBe(false);
    expect(isInactive(lastActivity, 60, new Date(lastActivity.getTime() + 60 * DAY))).toBe(true);
    expect(isInactive(lastActivity, 30, new Date(lastActivity.getTime() + 30 * DAY))).toBe(true);
    expect(isInactive(lastActivity, 90, new Date(lastActivity.getTime() + 60 * DAY))).toBe(false);
  });

  it("never applies when the setting is Never", () => {
    expect(isInactive(lastActivity, null, new Date(lastActivity.getTime() + 10_000 * DAY))).toBe(false);
  });
});
