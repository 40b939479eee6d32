import { describe, expect, it } from "vitest";
import { PERSONAL_TOKEN_KINDS, tokenKind } from "@/db/schema";
import { generateTokenValue, kindOfToken } from "./format";
import { ALL_TOKEN_KINDS, API_TOKEN_TYPES, TOKEN_KINDS, apiTokenType, kindsThatMayScan, kindsWhere } from "./kinds";

describe("TOKEN_KINDS", () => {
  it("describes every kind of the database enum", () => {
    expect([...ALL_TOKEN_KINDS].sort()).toEqual([...tokenKind.enumValues].sort());
  });

  it("marks as personal exactly the kinds db/ treats as personal, and sweeps exactly those for inactivity", () => {
    expect(kindsWhere("personal").sort()).toEqual([...PERSONAL_TOKEN_KINDS].sort());
    expect(kindsWhere("sweptForInactivity").sort()).toEqual([...PERSONAL_TOKEN_KINDS].sort());
  });

  it("gives each kind its own prefix, which a secret scanner's ts[ugpoax]_ pattern matches", () => {
    const prefixes = ALL_TOKEN_KINDS.map((kind) => TOKEN_KINDS[kind].prefix);
    expect(new Set(prefixes).size).toBe(prefixes.length);
    for (const kind of ALL_TOKEN_KINDS) {
      const value = generateTokenValue(kind);
      expect(value).toMatch(/^ts[ugpoax]_[0-9A-Za-z]{38}$/);
      expect(kindOfToken(value)).toBe(kind);
    }
  });

  it("lets only user tokens manage tokens, and no analysis or instance-owned kind act as a user", () => {
    expect(kindsWhere("managesTokens")).toEqual(["user"]);
    expect(kindsWhere("actsAsUser").sort()).toEqual(["agent", "user"]);
    expect(kindsThatMayScan()).not.toContain("agent_app");
    for (const kind of kindsWhere("actsAsUser")) expect(TOKEN_KINDS[kind].owner).toBe("user");
  });

  it("lets only user tokens administer: an agent token, which dies within the hour, may create nothing lasting", () => {
    expect(kindsWhere("administers")).toEqual(["user"]);
    expect(TOKEN_KINDS.agent).toMatchObject({ actsAsUser: true, managesTokens: false, administers: false });
  });

  it("lets every kind through forward-auth but the agent app credential, which may only ask for agent tokens", () => {
    expect(kindsWhere("forwardAuth").sort()).toEqual([
      "agent",
      "global_analysis",
      "organization",
      "project_analysis",
      "user",
    ]);
  });

  it("maps the API type names to the personal kinds and back", () => {
    for (const [type, kind] of Object.entries(API_TOKEN_TYPES)) expect(apiTokenType(kind)).toBe(type);
    expect(apiTokenType("organization")).toBeUndefined();
  });
});
