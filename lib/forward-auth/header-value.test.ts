import { describe, expect, it } from "vitest";
import { headerSafe } from "./header-value";

describe("headerSafe", () => {
  it("keeps printable ASCII as it is, so plain logins and names arrive unchanged", () => {
    expect(headerSafe("jane.doe@example.com")).toBe("jane.doe@example.com");
    expect(headerSafe("CI deploy (prod) #2 + more")).toBe("CI deploy (prod) #2 + more");
    expect(headerSafe("")).toBe("");
  });

  it("percent-encodes non-ASCII as UTF-8, and % itself, so decoding gives the value back", () => {
    for (const value of ["Déploiement café", "トークン", "50% off", "emoji 🚀", "%41", "tab\there", "line\u2028sep"]) {
      const safe = headerSafe(value);
      expect(safe).toMatch(/^[\x20-\x7e]*$/);
      expect(decodeURIComponent(safe)).toBe(value);
    }
    expect(headerSafe("Déjà")).toBe("D%C3%A9j%C3%A0");
    expect(headerSafe("50%")).toBe("50%25");
  });
});
