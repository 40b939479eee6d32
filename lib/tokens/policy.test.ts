import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { expiryForApiDate, expiryForLifetimeOption } from "./policy";

const now = new Date("2026-03-10T15:00:00Z");

function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("expiryForApiDate without a maximum lifetime", () => {
  it("means no expiration when the date is missing", () => {
    expect(expiryForApiDate(undefined, null, now)).toBeNull();
  });

  it("is 00:00 UTC of the given date", () => {
    expect(expiryForApiDate("2030-01-31", null, now)).toEqual(new Date("2030-01-31T00:00:00Z"));
  });

  it("refuses a bad date with a 400 naming the parameter", () => {
    const error = refusal(() => expiryForApiDate("2027-02-30", null, now));
    expect(error.status).toBe(400);
    expect(error.field).toBe("expirationDate");
    expect(error.message).toContain("'expirationDate'");
  });

  it("refuses today", () => {
    const error = refusal(() => expiryForApiDate("2026-03-10", null, now));
    expect(error.status).toBe(400);
    expect(error.message).toContain("at least tomorrow");
  });
});

describe("expiryForApiDate while a maximum lifetime is set", () => {
  it("refuses a missing date, naming the latest allowed date", () => {
    const error = refusal(() => expiryForApiDate(undefined, 30, now));
    expect(error.status).toBe(400);
    expect(error.field).toBe("expirationDate");
    expect(error.message).toContain("'expirationDate'");
    expect(error.message).toContain("2026-04-09");
  });

  it("refuses a date after the latest allowed one, naming it", () => {
    const error = refusal(() => expiryForApiDate("2026-04-10", 30, now));
    expect(error.status).toBe(400);
    expect(error.message).toContain("2026-04-09");
    expect(refusal(() => expiryForApiDate("2027-03-11", 365, now)).message).toContain("2027-03-10");
  });

  it("accepts the latest allowed date and earlier ones", () => {
    expect(expiryForApiDate("2026-04-09", 30, now)).toEqual(new Date("2026-04-09T00:00:00Z"));
    expect(expiryForApiDate("2026-03-11", 30, now)).toEqual(new Date("2026-03-11T00:00:00Z"));
    expect(expiryForApiDate("2026-06-08", 90, now)).toEqual(new Date("2026-06-08T00:00:00Z"));
  });

  it("still refuses a bad or past date with the format rule", () => {
    expect(refusal(() => expiryForApiDate("2026-03-10", 30, now)).message).toContain("at least tomorrow");
    expect(refusal(() => expiryForApiDate("soon", 30, now)).message).toContain("YYYY-MM-DD");
  });
});

describe("expiryForLifetimeOption", () => {
  it("turns an allowed option into its expiry, or null for No expiration", () => {
    expect(expiryForLifetimeOption("30 days", null, now)).toEqual(new Date("2026-04-09T00:00:00Z"));
    expect(expiryForLifetimeOption("1 year", 365, now)).toEqual(new Date("2027-03-10T00:00:00Z"));
    expect(expiryForLifetimeOption("No expiration", null, now)).toBeNull();
  });

  it("refuses an option beyond the maximum, and unknown options", () => {
    expect(refusal(() => expiryForLifetimeOption("No expiration", 90, now)).status).toBe(400);
    expect(refusal(() => expiryForLifetimeOption("1 year", 90, now)).status).toBe(400);
    expect(refusal(() => expiryForLifetimeOption("7 days", null, now)).status).toBe(400);
  });
});
