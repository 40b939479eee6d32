import { describe, expect, it } from "vitest";
import { storedUserAgent } from "./authenticate";
import { generateTokenValue } from "./format";

describe("storedUserAgent", () => {
  it("keeps at most 200 characters, counted as code points", () => {
    expect(storedUserAgent("curl/8.5.0")).toBe("curl/8.5.0");
    expect(storedUserAgent("a".repeat(250))).toBe("a".repeat(200));
    const emoji = "😀".repeat(201);
    expect(Array.from(storedUserAgent(emoji) ?? "")).toHaveLength(200);
  });

  it("redacts anything shaped like a token before cutting, so no part of one is kept", () => {
    const token = generateTokenValue("user");
    expect(storedUserAgent(`ci ${token} runner`)).toBe("ci [token] runner");
    const late = `${"x".repeat(180)}${token}`;
    expect(storedUserAgent(late)).toBe(`${"x".repeat(180)}[token]`);
  });

  it("answers null for no client, and drops NUL", () => {
    expect(storedUserAgent(null)).toBeNull();
    expect(storedUserAgent(undefined)).toBeNull();
    expect(storedUserAgent("")).toBeNull();
    expect(storedUserAgent("a\0b")).toBe("ab");
  });
});
