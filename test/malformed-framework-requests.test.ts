import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireCurrentBuild, startEmbeddedProductionServer, type ProductionServer } from "./production-server";
import { csrf as fetchCsrf } from "./session-http";

/**
 * Malformed input to the framework's own entry points (next-auth's routes, the App Router's
 * headers, URLs), sent to a real production server: never a 5xx. The cases marked `shape` answered
 * 500 before the server refused them itself; they get a 4xx in the one error shape.
 */

requireCurrentBuild();

let server: ProductionServer;
let dispose = async () => {};
/** A next-auth CSRF token and the cookie that goes with it: the sign-in form's own. */
let csrf = { token: "", cookie: "" };

beforeAll(async () => {
  ({ server, dispose } = await startEmbeddedProductionServer("malformed", {
    INITIAL_ADMIN_PASSWORD: "malformed-admin-password",
  }));
  const { csrfToken, cookie } = await fetchCsrf(server.origin);
  csrf = { token: csrfToken, cookie };
}, 180_000);

afterAll(() => dispose());

const form = (fields: Record<string, string>, headers: Record<string, string> = {}): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrf.cookie, ...headers },
  body: new URLSearchParams(fields).toString(),
});
const signIn = (fields: Record<string, string>) =>
  form({ csrfToken: csrf.token, login: "admin", password: "wrong-password", ...fields });
const rsc = (tree: string): RequestInit => ({ headers: { RSC: "1", "Next-Router-State-Tree": tree } });
const raw = (method: string, contentType: string, body: string): RequestInit => ({
  method,
  headers: { "content-type": contentType, cookie: csrf.cookie },
  body,
});

interface Case {
  name: string;
  path: string;
  init: () => RequestInit;
  /** Answered 500 before: now a 4xx in the one error shape. */
  shape?: boolean;
}

const CASES: Case[] = [
  // next-auth
  {
    name: "sign-in with a callbackUrl that is not a URL",
    path: "/api/auth/callback/credentials",
    init: () => signIn({ callbackUrl: "notaurl" }),
    shape: true,
  },
  {
    name: "sign-in with callbackUrl http://",
    path: "/api/auth/callback/credentials",
    init: () => signIn({ callbackUrl: "http://" }),
    shape: true,
  },
  {
    name: "sign-in, right password, callbackUrl %%%",
    path: "/api/auth/callback/credentials",
    init: () => signIn({ password: "malformed-admin-password", callbackUrl: "%%%" }),
    shape: true,
  },
  {
    name: "signin/credentials with a bad callbackUrl",
    path: "/api/auth/signin/credentials",
    init: () => form({ csrfToken: csrf.token, callbackUrl: "notaurl" }),
    shape: true,
  },
  {
    name: "signin page with a bad callbackUrl",
    path: "/api/auth/signin?callbackUrl=notaurl",
    init: () => ({}),
    shape: true,
  },
  {
    name: "signin page with a bad callback-url cookie",
    path: "/api/auth/signin",
    init: () => ({ headers: { cookie: "next-auth.callback-url=notaurl" } }),
    shape: true,
  },
  {
    name: "signout with a bad csrf token and callbackUrl",
    path: "/api/auth/signout",
    init: () => form({ csrfToken: "bad", callbackUrl: "notaurl" }),
    shape: true,
  },
  {
    name: "signout with a bad callbackUrl",
    path: "/api/auth/signout",
    init: () => form({ csrfToken: csrf.token, callbackUrl: "notaurl" }),
    shape: true,
  },
  { name: "sign-in callback by GET", path: "/api/auth/callback/credentials", init: () => ({}), shape: true },
  {
    name: "sign-in callback with JSON that does not parse",
    path: "/api/auth/callback/credentials",
    init: () => raw("POST", "application/json", "{bad"),
    shape: true,
  },
  {
    name: "session POST with JSON that does not parse",
    path: "/api/auth/session",
    init: () => raw("POST", "application/json", "{bad"),
    shape: true,
  },
  {
    name: "_log POST with JSON that does not parse",
    path: "/api/auth/_log",
    init: () => raw("POST", "application/json", "{bad"),
    shape: true,
  },
  {
    name: "sign-in with a bad csrf token",
    path: "/api/auth/callback/credentials",
    init: () => form({ csrfToken: "bad", login: "admin", password: "x" }),
  },
  {
    name: "sign-in with a body that is not a form",
    path: "/api/auth/callback/credentials",
    init: () => raw("POST", "application/x-www-form-urlencoded", "\u00ff%%%"),
  },
  {
    name: "sign-in with a bad multipart body",
    path: "/api/auth/callback/credentials",
    init: () => raw("POST", "multipart/form-data; boundary=x", "junk"),
  },
  { name: "sign-in callback by PUT", path: "/api/auth/callback/credentials", init: () => ({ method: "PUT" }) },
  { name: "unknown provider", path: "/api/auth/callback/nope", init: () => form({ csrfToken: csrf.token }) },
  { name: "unknown next-auth action", path: "/api/auth/unknown", init: () => ({}) },
  { name: "csrf by POST", path: "/api/auth/csrf", init: () => ({ method: "POST" }) },
  { name: "session by PUT", path: "/api/auth/session", init: () => ({ method: "PUT" }) },
  // URLs
  { name: "/api/% (not percent-encoded)", path: "/api/%", init: () => ({}), shape: true },
  { name: "/api/auth/% (not percent-encoded)", path: "/api/auth/%", init: () => ({}), shape: true },
  { name: "/%", path: "/%", init: () => ({}) },
  { name: "/%C0%AF (not UTF-8)", path: "/%C0%AF", init: () => ({}) },
  { name: "overlong header", path: "/login", init: () => ({ headers: { "x-long": "a".repeat(20_000) } }) },
  { name: "_next/image with a bad url", path: "/_next/image?url=http://x&w=abc", init: () => ({}) },
  // App Router headers
  ...["garbage", "%", "%7B%7D", "%5B1%5D", encodeURIComponent('["",{},null,null,true]')].map((tree) => ({
    name: `Next-Router-State-Tree ${tree}`,
    path: "/login",
    init: () => rsc(tree),
    shape: true,
  })),
  {
    name: "Next-Action with an unknown id",
    path: "/login",
    init: () => ({
      method: "POST",
      headers: { "Next-Action": "abc123", "content-type": "text/plain;charset=UTF-8" },
      body: "[]",
    }),
  },
  {
    name: "Next-Action with a bad multipart body",
    path: "/login",
    init: () => ({
      method: "POST",
      headers: { "Next-Action": "abc123", "content-type": "multipart/form-data; boundary=zz" },
      body: "junk",
    }),
  },
  {
    name: "Next-Action with bad JSON",
    path: "/login",
    init: () => ({
      method: "POST",
      headers: { "Next-Action": "abc123", "content-type": "application/json" },
      body: "{bad",
    }),
  },
  {
    name: "Next-Action on an API route",
    path: "/api/system/ping",
    init: () => ({ method: "POST", headers: { "Next-Action": "abc" }, body: "[]" }),
  },
];

async function send(c: Case): Promise<{ status: number; contentType: string | null; body: string }> {
  // redirect: manual, so a 307 to an ?_rsc= URL (how Next makes RSC requests cache-safe) is followed by hand with the same headers.
  let url = server.origin + c.path;
  for (let hop = 0; hop < 3; hop++) {
    const res = await fetch(url, { ...c.init(), redirect: "manual" });
    const location = res.headers.get("location");
    if (res.status === 307 && location?.includes("_rsc=")) {
      await res.arrayBuffer();
      url = new URL(location, url).toString();
      continue;
    }
    return { status: res.status, contentType: res.headers.get("content-type"), body: await res.text() };
  }
  throw new Error("too many redirects");
}

describe("malformed input to the framework's entry points, on a production server", () => {
  it.each(CASES)("$name: never a 5xx", async (c) => {
    const res = await send(c);
    expect(res.status, res.body.slice(0, 200)).toBeLessThan(500);
    if (c.shape) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.contentType).toMatch(/^application\/json/);
      expect(JSON.parse(res.body)).toEqual({ errors: [{ msg: expect.any(String) }] });
    }
  });

  it("still serves what a browser sends: a router state, a sign-in with a path or a same-site URL to return to", async () => {
    expect((await send({ name: "", path: "/login", init: () => rsc(encodeURIComponent('["",{}]')) })).status).toBe(200);
    for (const callbackUrl of ["/account/security", `${server.origin}/account/security`]) {
      const res = await send({
        name: "",
        path: "/api/auth/callback/credentials",
        init: () => signIn({ password: "malformed-admin-password", callbackUrl }),
      });
      expect(res.status, res.body).toBe(302);
    }
    expect((await send({ name: "", path: "/api/auth/signin?callbackUrl=%2Faccount", init: () => ({}) })).status).toBe(
      302,
    );
  });
});
