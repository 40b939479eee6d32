import { describe, expect, it } from "vitest";
import { readCredentials } from "./authorization-header";

const basic = (raw: string) => `Basic ${Buffer.from(raw, "utf8").toString("base64")}`;
const TOKEN = "tsu_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA127U0m";

describe("readCredentials", () => {
  it("finds nothing without a header", () => {
    expect(readCredentials(null)).toEqual({ type: "none" });
    expect(readCredentials("")).toEqual({ type: "none" });
    expect(readCredentials("   ")).toEqual({ type: "none" });
  });

  it("reads a Bearer token, whatever the scheme's case", () => {
    expect(readCredentials(`Bearer ${TOKEN}`)).toEqual({ type: "token", token: TOKEN });
    expect(readCredentials(`bearer ${TOKEN}`)).toEqual({ type: "token", token: TOKEN });
    expect(readCredentials(`BEARER   ${TOKEN}  `)).toEqual({ type: "token", token: TOKEN });
  });

  it("reads Basic with the token as login and an empty password as a token", () => {
    expect(readCredentials(basic(`${TOKEN}:`))).toEqual({ type: "token", token: TOKEN });
    expect(readCredentials(basic(`${TOKEN}:`).replace("Basic", "basic"))).toEqual({ type: "token", token: TOKEN });
  });

  it("reads Basic login:password, keeping colons in the password", () => {
    expect(readCredentials(basic("alice:s3cret pass"))).toEqual({
      type: "password",
      login: "alice",
      password: "s3cret pass",
    });
    expect(readCredentials(basic("alice:a:b:c"))).toEqual({ type: "password", login: "alice", password: "a:b:c" });
    expect(readCredentials(basic("élodie:mot de passe"))).toEqual({
      type: "password",
      login: "élodie",
      password: "mot de passe",
    });
  });

  it.each([
    ["Bearer", "an empty bearer token"],
    ["Bearer    ", "an empty bearer token with spaces"],
    ["Basic", "empty Basic credentials"],
    [basic("no-colon-here"), "Basic credentials without a colon"],
    ["Basic !!!not-base64!!!", "Basic credentials that are not base64"],
    ["Digest username=alice", "an unsupported scheme"],
    [TOKEN, "a bare token without a scheme"],
  ])("calls %j malformed (%s)", (header) => {
    const result = readCredentials(header);
    expect(result.type).toBe("invalid");
    if (result.type === "invalid") expect(result.message.length).toBeGreaterThan(0);
  });
});
