import { expect, test } from "@playwright/test";
import packageJson from "../package.json";
import { ADMIN_AUTH, basicAuth, bearer, createProjectViaApi, createUserViaApi, unique } from "./support/admin";
import { recordRevealed } from "./support/revealed";

// Requests sent as SonarQube's own clients send them, through the real server: the scanner's
// bootstrap asks the version and status without credentials; the TypeScript Web API client (behind
// the MCP server agents use) sends a POST's parameters in the query string, with
// `Content-Type: application/json` and an empty body, and adds `organization=undefined`.

test("SonarQube's own clients work unchanged: bootstrap, lookups and POSTs with query parameters", async ({
  baseURL,
  request,
}) => {
  const url = (path: string, query: Record<string, string> = {}) => `${baseURL}${path}?${new URLSearchParams(query)}`;

  const version = await fetch(url("/api/server/version"));
  expect(version.status).toBe(200);
  expect(version.headers.get("content-type")).toMatch(/^text\/plain/);
  expect(await version.text()).toBe(packageJson.version);
  const status = await fetch(url("/api/system/status"));
  expect(await status.json()).toEqual({ id: expect.any(String), version: packageJson.version, status: "UP" });
  expect(await (await fetch(url("/api/system/ping"))).text()).toBe("pong");

  const generated = await request.post("/api/user_tokens/generate", {
    headers: ADMIN_AUTH,
    form: { name: unique("mcp") },
  });
  expect(generated.status()).toBe(200);
  const token = ((await generated.json()) as { token: string }).token;
  recordRevealed(token, "mcp client token");
  const client = (method: "GET" | "POST", path: string, query: Record<string, string>) =>
    fetch(url(path, { ...query, organization: "undefined" }), {
      method,
      headers: { ...bearer(token), "Content-Type": "application/json", Accept: "application/json" },
      body: method === "POST" ? "" : undefined,
    });

  expect(await (await client("GET", "/api/system/health", {})).json()).toEqual({ health: "GREEN", causes: [] });

  const user = await createUserViaApi(request, { login: unique("mcp-user") });
  const users = await client("GET", "/api/users/search", { q: user.login });
  expect(((await users.json()) as { users: { login: string; active: boolean }[] }).users).toEqual([
    expect.objectContaining({ login: user.login, active: true, tokensCount: 0 }),
  ]);

  const key = unique("mcp-project");
  await createProjectViaApi(request, key, "MCP Project");
  const lookup = await client("GET", "/api/projects/search", { projects: key });
  expect(((await lookup.json()) as { components: unknown[] }).components).toEqual([
    { key, name: "MCP Project", qualifier: "TRK", visibility: "private" },
  ]);

  const scannable = async () => {
    const res = await fetch(url("/api/projects/search"), { headers: basicAuth(user.login, user.password) });
    return ((await res.json()) as { components: { key: string }[] }).components.map((c) => c.key);
  };
  for (const [path, after] of [
    ["/api/permissions/add_user", [key]],
    ["/api/permissions/remove_user", []],
  ] as const) {
    const res = await client("POST", path, { login: user.login, permission: "scan", projectKey: key });
    expect(res.status, `${path}: ${await res.clone().text()}`).toBe(204);
    expect(await scannable(), path).toEqual(after);
  }

  const name = unique("to-revoke");
  const second = await request.post("/api/user_tokens/generate", { headers: ADMIN_AUTH, form: { name } });
  recordRevealed(((await second.json()) as { token: string }).token, name);
  const revoked = await client("POST", "/api/user_tokens/revoke", { name });
  expect(revoked.status, await revoked.clone().text()).toBe(204);
  const left = await client("GET", "/api/user_tokens/search", {});
  const names = ((await left.json()) as { userTokens: { name: string }[] }).userTokens.map((t) => t.name);
  expect(names).not.toContain(name);
});
