import { describe, expect, it } from "vitest";
import { overlapLabel, rotatedTokenEnd, successorExpiry } from "./rotation-policy";

const at = (iso: string) => new Date(iso);
const NOW = at("2026-05-20T15:30:00.000Z");

describe("successorExpiry", () => {
  it("counts the old lifetime in days again from today, expiring at 00:00 UTC", () => {
    // A 30-day token made on March 10 (any time of day) expires on April 9 at 00:00 UTC.
    const old = { createdAt: at("2026-03-10T12:00:00.000Z"), expiresAt: at("2026-04-09T00:00:00.000Z") };
    expect(successorExpiry(old, null, NOW)).toEqual(at("2026-06-19T00:00:00.000Z"));
  });

  it("keeps no expiration without a maximum, and caps by the maximum", () => {
    const never = { createdAt: at("2026-03-10T12:00:00.000Z"), expiresAt: null };
    expect(successorExpiry(never, null, NOW)).toBeNull();
    expect(successorExpiry(never, 90, NOW)).toEqual(at("2026-08-18T00:00:00.000Z"));
    const year = { createdAt: at("2026-03-10T12:00:00.000Z"), expiresAt: at("2027-03-10T00:00:00.000Z") };
    expect(successorExpiry(year, 30, NOW)).toEqual(at("2026-06-19T00:00:00.000Z"));
    expect(successorExpiry(year, 400, NOW)).toEqual(at("2027-05-20T00:00:00.000Z"));
  });

  it("gives at least one day to a token made with a shorter lifetime", () => {
    const short = { createdAt: at("2026-03-10T01:00:00.000Z"), expiresAt: at("2026-03-10T02:00:00.000Z") };
    expect(successorExpiry(short, null, NOW)).toEqual(at("2026-05-21T00:00:00.000Z"));
  });
});

describe("rotatedTokenEnd", () => {
  it("is now plus the overlap, never past the old expiry or an earlier rotation's end", () => {
    const live = { expiresAt: null, rotatedUntil: null };
    expect(rotatedTokenEnd(live, 3600, NOW)).toEqual(at("2026-05-20T16:30:00.000Z"));
    expect(rotatedTokenEnd(live, 0, NOW)).toEqual(NOW);
    expect(rotatedTokenEnd({ expiresAt: at("2026-05-21T00:00:00.000Z"), rotatedUntil: null }, 604_800, NOW)).toEqual(
      at("2026-05-21T00:00:00.000Z"),
    );
    expect(rotatedTokenEnd({ expiresAt: null, rotatedUntil: at("2026-05-20T16:00:00.000Z") }, 86_400, NOW)).toEqual(
      at("2026-05-20T16:00:00.000Z"),
    );
  });
});

describe("overlapLabel", () => {
  it("names the dialog's choices and other values in whole units", () => {
    expect([0, 3600, 86_400, 604_800].map(overlapLabel)).toEqual(["No overlap", "1 hour", "1 day", "7 days"]);
    expect([60, 7200, 172_800, 90].map(overlapLabel)).toEqual(["1 minute", "2 hours", "2 days", "90 seconds"]);
  });
});
