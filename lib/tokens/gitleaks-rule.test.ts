import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { generateTokenValue, isWellFormedToken } from "./format";
import { ALL_TOKEN_KINDS, TOKEN_KINDS } from "./kinds";

// The published gitleaks rule must find every token we generate, and nothing shorter or longer.
const config = readFileSync(path.join(process.cwd(), "docs", "gitleaks.toml"), "utf8");
const source = /^regex = '''(.*)'''$/m.exec(config)?.[1];
const keywords = JSON.parse(/^keywords = (\[.*\])$/m.exec(config)?.[1] ?? "[]") as string[];
// RE2 (gitleaks) and JavaScript agree on \b, character classes and counted repetition.
const rule = new RegExp(source ?? "^$", "g");

describe("docs/gitleaks.toml", () => {
  it("has one keyword per token prefix", () => {
    expect(keywords.sort()).toEqual(ALL_TOKEN_KINDS.map((kind) => TOKEN_KINDS[kind].prefix).sort());
  });

  it("finds generated tokens of every kind in text, whole", () => {
    for (const kind of ALL_TOKEN_KINDS) {
      for (let i = 0; i < 50; i++) {
        const value = generateTokenValue(kind);
        expect(isWellFormedToken(value)).toBe(true);
        const text = `export TOKEN="${value}"\nurl=https://ci.example/?t=${value}&x=1 ${value}`;
        expect([...text.matchAll(rule)].map((m) => m[1])).toEqual([value, value, value]);
      }
    }
  });

  it("ignores other prefixes and longer or shorter runs", () => {
    const value = generateTokenValue("user");
    for (const text of [`tsz_${value.slice(4)}`, `${value}A`, value.slice(0, -1), `x${value}`, "ghp_abc"]) {
      expect([...text.matchAll(rule)], text).toEqual([]);
    }
  });
});
