import { describe, expect, it } from "vitest";
import type { TokenKind } from "@/db/schema";
import {
  checksum,
  generateTokenValue,
  hashToken,
  isWellFormedToken,
  kindOfToken,
  TOKEN_LENGTH,
  TOKEN_PATTERN,
  toBase62,
  tokenHint,
} from "./format";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

const PREFIXES: [TokenKind, string][] = [
  ["user", "tsu_"],
  ["global_analysis", "tsg_"],
  ["project_analysis", "tsp_"],
  ["organization", "tso_"],
  ["agent", "tsa_"],
  ["agent_app", "tsx_"],
];

/** Replaces the character at `index` by another one that keeps the token's shape. */
function changeCharAt(value: string, index: number): string {
  const current = value[index] ?? "";
  const pool = index === 2 ? "ugpoax" : BASE62;
  const replacement = [...pool].find((c) => c !== current) ?? "";
  return value.slice(0, index) + replacement + value.slice(index + 1);
}

describe("token format", () => {
  it.each(PREFIXES)("a %s token is 42 characters with prefix %s and matches the scanner pattern", (kind, prefix) => {
    const value = generateTokenValue(kind);
    expect(value).toHaveLength(42);
    expect(TOKEN_LENGTH).toBe(42);
    expect(value.startsWith(prefix)).toBe(true);
    expect(value).toMatch(/^ts[ugpoax]_[0-9A-Za-z]{38}$/);
    expect(TOKEN_PATTERN.test(value)).toBe(true);
    expect(isWellFormedToken(value)).toBe(true);
    expect(kindOfToken(value)).toBe(kind);
  });

  it("ends with the base62 CRC32 checksum of everything before it", () => {
    const value = generateTokenValue("user");
    expect(value.slice(-6)).toBe(checksum(value.slice(0, -6)));
  });

  it("computes the checksum as base62 of CRC32, padded to 6 characters", () => {
    // CRC32("123456789") is the standard check value 0xCBF43926 = 3421780262.
    expect(checksum("123456789")).toBe("3jZRME");
    expect(checksum(`tsu_${"A".repeat(32)}`)).toBe("127U0m");
    expect(toBase62(0, 6)).toBe("000000");
    expect(toBase62(61, 6)).toBe("00000z");
    expect(toBase62(62, 6)).toBe("000010");
    expect(toBase62(2 ** 32 - 1, 6)).toBe("4gfFC3");
  });

  it("accepts a known well-formed value and refuses it once any character changes", () => {
    const value = `tsu_${"A".repeat(32)}127U0m`;
    expect(isWellFormedToken(value)).toBe(true);
    for (let i = 0; i < value.length; i++) {
      const changed = changeCharAt(value, i);
      expect(changed).not.toBe(value);
      expect(isWellFormedToken(changed), `change at ${i}: ${changed}`).toBe(false);
    }
  });

  it("detects a single changed character at every position of generated tokens", () => {
    for (let n = 0; n < 20; n++) {
      const value = generateTokenValue("project_analysis");
      for (let i = 0; i < value.length; i++) {
        expect(isWellFormedToken(changeCharAt(value, i))).toBe(false);
      }
    }
  });

  it("refuses values of the wrong shape", () => {
    const good = generateTokenValue("user");
    for (const bad of [
      "",
      good.slice(0, -1),
      `${good}0`,
      ` ${good}`,
      `tsz_${good.slice(4)}`,
      `TSU_${good.slice(4)}`,
      good.replace(/^tsu_/, "tsu-"),
      `${good.slice(0, 10)}-${good.slice(11)}`,
    ]) {
      expect(isWellFormedToken(bad), bad).toBe(false);
    }
  });

  it("draws many distinct values whose random part uses base62 uniformly", () => {
    const count = 5000;
    const values = Array.from({ length: count }, () => generateTokenValue("user"));
    expect(new Set(values).size).toBe(count);
    const frequency = new Map<string, number>();
    for (const value of values) {
      const random = value.slice(4, 36);
      expect(random).toMatch(/^[0-9A-Za-z]{32}$/);
      for (const c of random) frequency.set(c, (frequency.get(c) ?? 0) + 1);
    }
    // Every base62 character occurs; each about 160000/62 = 2581 times (sd ~50). A modulo-biased
    // generator would give the first 8 characters ~3226 occurrences, far outside this band.
    expect([...frequency.keys()].sort().join("")).toBe([...BASE62].sort().join(""));
    for (const [c, n] of frequency) {
      expect(n, `occurrences of ${c}`).toBeGreaterThan(2281);
      expect(n, `occurrences of ${c}`).toBeLessThan(2881);
    }
  });

  it("hashes the whole token with SHA-256 as lowercase hex", () => {
    expect(hashToken("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(hashToken(`tsu_${"A".repeat(32)}127U0m`)).toBe(
      "2700575cb45c97fe0ce1174fa10d2c667a524ade9125d141db3768a15e5d1916",
    );
    const value = generateTokenValue("user");
    expect(hashToken(value)).toMatch(/^[0-9a-f]{64}$/);
    // The prefix is part of what is hashed.
    expect(hashToken(`tsg_${value.slice(4)}`)).not.toBe(hashToken(value));
  });

  it("keeps the last 4 characters as the hint", () => {
    const value = generateTokenValue("organization");
    expect(tokenHint(value)).toBe(value.slice(38));
    expect(tokenHint(`tsu_${"A".repeat(32)}127U0m`)).toBe("7U0m");
  });

  it("knows no kind for an unknown prefix", () => {
    expect(kindOfToken("abc_0123")).toBeUndefined();
  });
});
