import { describe, expect, it } from "vitest";
import { api, apiSuite, errorMessage, passwordOf, type CallOptions, type GenerateBody } from "./api";
import { testDatabases } from "./databases";

describe.each(testDatabases())("Web API parameters on $name", (target) => {
  const suite = apiSuite(target);
  const asAlice = (o: Omit<CallOptions, "auth">): CallOptions => ({ auth: passwordOf(suite.users.alice), ...o });

  it("reads a form body, the query string, a multipart form and a JSON body", async () => {
    const boundary = "----tokensmith-test";
    const rawMultipart = [
      `--${boundary}`,
      'Content-Disposition: form-data; name="name"',
      "",
      "multipart",
      `--${boundary}--`,
      "",
    ].join("\r\n");
    const calls: [string, CallOptions][] = [
      ["form", asAlice({ form: { name: "form" } })],
      ["query", asAlice({ query: { name: "query", expirationDate: "2026-04-01" } })],
      ["multipart", asAlice({ raw: { body: rawMultipart, contentType: `multipart/form-data; boundary=${boundary}` } })],
      ["json", asAlice({ json: { name: "json", expirationDate: "2026-05-01" } })],
    ];
    for (const [name, options] of calls) {
      const res = await api.generate(options);
      expect(res.status, name).toBe(200);
      expect(((await res.json()) as GenerateBody).name).toBe(name);
    }
    const search = await api.search(asAlice({ query: { login: "alice" } }));
    const body = (await search.json()) as { userTokens: { name: string; expirationDate?: string }[] };
    expect(body.userTokens.map((t) => [t.name, t.expirationDate]).sort()).toEqual([
      ["form", undefined],
      ["json", "2026-05-01T00:00:00.000Z"],
      ["multipart", undefined],
      ["query", "2026-04-01T00:00:00.000Z"],
    ]);
  });

  it.each([
    ["malformed JSON", '{"name": "x"'],
    ["a JSON array", '["name", "x"]'],
    ["a JSON string", '"x"'],
    ["a nested JSON value", '{"name": {"first": "x"}}'],
  ])("refuses %s with 400", async (_case, body) => {
    const res = await api.generate(asAlice({ raw: { body, contentType: "application/json" } }));
    expect(res.status).toBe(400);
    expect((await errorMessage(res)).length).toBeGreaterThan(0);
  });

  it.each([
    ["name", { name: "a\u0000b" }],
    ["login", { name: "a", login: "bob\u0000" }],
    ["projectKey", { name: "a", type: "PROJECT_ANALYSIS_TOKEN", projectKey: "k\u0000" }],
    ["expirationDate", { name: "a", expirationDate: "2026-04-01\u0000" }],
  ])("refuses a NUL character in %s with 400 naming it, not a 500", async (param, form) => {
    const res = await api.generate(asAlice({ form }));
    expect(res.status).toBe(400);
    expect(await errorMessage(res)).toContain(`'${param}'`);
  });

  it("refuses a NUL character on revoke and search too", async () => {
    const revoke = await api.revoke(asAlice({ form: { name: "a\u0000" } }));
    expect(revoke.status).toBe(400);
    const search = await api.search(asAlice({ query: { login: "x\u0000" } }));
    expect(search.status).toBe(400);
    expect(await errorMessage(search)).toContain("'login'");
  });

  it("treats a NUL character in a Basic login as bad credentials (401), not a 500", async () => {
    const auth = { login: "alice\u0000", password: suite.users.alice.password };
    const res = await api.generate({ auth, form: { name: "a" } });
    expect(res.status).toBe(401);
    const validate = await api.validate({ auth: { login: "\u0000", password: "x" } });
    expect(await validate.json()).toEqual({ valid: false });
  });

  it("refuses an overlong name and login without a 500", async () => {
    const name = await api.generate(asAlice({ form: { name: "n".repeat(100_000) } }));
    expect(name.status).toBe(400);
    const login = await api.generate({
      auth: passwordOf(suite.users.admin),
      form: { name: "a", login: "l".repeat(100_000) },
    });
    expect(login.status).toBe(404);
    expect((await errorMessage(login)).length).toBeLessThan(400);
  });
});
