import { describe, expect, it } from "vitest";
import { tokenNameSchema } from "./names";

describe("token names", () => {
  it("are trimmed", () => {
    expect(tokenNameSchema.parse("  ci  ")).toBe("ci");
  });

  it("must not be empty or longer than 100 characters", () => {
    expect(tokenNameSchema.safeParse("   ").success).toBe(false);
    expect(tokenNameSchema.safeParse("x".repeat(100)).success).toBe(true);
    expect(tokenNameSchema.safeParse("x".repeat(101)).success).toBe(false);
  });

  it("refuse control characters such as NUL, which Postgres text cannot hold", () => {
    for (const bad of ["a\u0000b", "a\u0007b", "a\nb", "a\u007fb"]) {
      expect(tokenNameSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
    expect(tokenNameSchema.safeParse("déploiement – prod ✓").success).toBe(true);
  });
});
