import { describe, expect, it } from "vitest";
import { organizationExpiryFor, organizationExpiryLabel, organizationExpiryOptions } from "./organization-expiry";

const labels = (max: number | null) => organizationExpiryOptions(max).map((o) => o.label);
const at = (iso: string) => new Date(iso);

describe("organizationExpiryOptions", () => {
  it("offers Never and After one year without a maximum lifetime", () => {
    expect(labels(null)).toEqual(["Never", "After one year"]);
  });
  it("offers After one year alone under a one-year maximum", () => {
    expect(labels(365)).toEqual(["After one year"]);
  });
  it("offers the maximum itself when neither fits", () => {
    expect(labels(30)).toEqual(["After 30 days"]);
    expect(labels(90)).toEqual(["After 90 days"]);
  });
});

describe("organizationExpiryFor", () => {
  const now = at("2026-03-10T12:00:00Z");
  it("gives 00:00 UTC after the option's days, null for Never", () => {
    expect(organizationExpiryFor("After one year", null, now)).toEqual({ expiresAt: at("2027-03-10T00:00:00Z") });
    expect(organizationExpiryFor("Never", null, now)).toEqual({ expiresAt: null });
    expect(organizationExpiryFor("After 90 days", 90, now)).toEqual({ expiresAt: at("2026-06-08T00:00:00Z") });
  });
  it("refuses an option the maximum does not offer", () => {
    expect(organizationExpiryFor("Never", 365, now)).toBeUndefined();
    expect(organizationExpiryFor("After 90 days", null, now)).toBeUndefined();
    expect(organizationExpiryFor("After 30 days", 90, now)).toBeUndefined();
  });
});

describe("organizationExpiryLabel", () => {
  const now = at("2026-03-10T12:00:00Z");
  it("says Never without an expiry", () => {
    expect(organizationExpiryLabel(null, now)).toBe("Never");
  });
  it("counts whole days left, rounded up, with 1 day singular", () => {
    expect(organizationExpiryLabel(at("2026-03-11T00:00:00Z"), now)).toBe("1 day");
    expect(organizationExpiryLabel(at("2026-03-11T12:00:00Z"), now)).toBe("1 day");
    expect(organizationExpiryLabel(at("2026-03-11T12:00:01Z"), now)).toBe("2 days");
    expect(organizationExpiryLabel(at("2027-03-10T00:00:00Z"), now)).toBe("365 days");
  });
  it("says Expired from the expiry instant on", () => {
    expect(organizationExpiryLabel(now, now)).toBe("Expired");
    expect(organizationExpiryLabel(at("2026-03-01T00:00:00Z"), now)).toBe("Expired");
  });
});
