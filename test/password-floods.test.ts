import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireCurrentBuild, startEmbeddedProductionServer, type ProductionServer } from "./production-server";
import { csrf as fetchCsrf } from "./session-http";

/**
 * Password guesses refused by the custom server itself, before Next.js (lib/auth/*-fast-refusal.ts),
 * against a real production server: once an address is over its limit, the Web API's Basic
 * passwords and the sign-in form's posts from it get the same answers Next.js would give, with
 * `Retry-After`, and nothing else is refused.
 */

requireCurrentBuild();

const ADMIN_PASSWORD = "floods-admin-password";
let server: ProductionServer;
let dispose = async () => {};
/** A next-auth CSRF token and the cookie that goes with it: the sign-in form's own. */
let csrf = { token: "", cookie: "" };

beforeAll(async () => {
  ({ server, dispose } = await startEmbeddedProductionServer("floods", {
    INITIAL_ADMIN_PASSWORD: ADMIN_PASSWORD,
    // Each test sends from addresses of its own (X-Forwarded-For).
    TRUST_PROXY: "true",
  }));
  const { csrfToken, cookie } = await fetchCsrf(server.origin);
  csrf = { token: csrfToken, cookie };
}, 180_000);

afterAll(() => dispose());

const basic = (login: string, password: string) => `Basic ${Buffer.from(`${login}:${password}`).toString("base64")}`;

function validate(login: string, password: string, address: string) {
  return fetch(`${server.origin}/api/authentication/validate`, {
    headers: { authorization: basic(login, password), "x-forwarded-for": address },
  });
}

function signIn(login: string, password: string, address: string, fields: Record<string, string> = { json: "true" }) {
  return fetch(`${server.origin}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrf.cookie, "x-forwarded-for": address },
    body: new URLSearchParams({ csrfToken: csrf.token, login, password, ...fields }).toString(),
  });
}

/** The error a sign-in answer carries, as the sign-in form reads it (next-auth's error URL). */
async function signInError(res: Response): Promise<string | null> {
  const url = res.status === 302 ? res.headers.get("location") : ((await res.json()) as { url: string }).url;
  return new URL(url ?? "", server.origin).searchParams.get("error");
}

/** 30 wrong passwords with as many logins from the address: its whole budget, one at a time. */
async function exhaustAddress(address: string, send: (login: string) => Promise<Response>) {
  for (let i = 0; i < 30; i++) {
    const res = await send(`guess-${i}`);
    expect(res.status, `guess ${i + 1}`).not.toBe(429);
    await res.arrayBuffer();
  }
}

describe("password guesses from an address over its limit, on the production server", () => {
  it("the sign-in form's posts get next-auth's error answer with Retry-After, even with the right password", async () => {
    const address = "198.51.100.21";
    await exhaustAddress(address, (login) => signIn(login, "wrong-password", address));

    const refused = await signIn("admin", ADMIN_PASSWORD, address);
    expect(refused.status).toBe(401);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(14 * 60);
    expect(await signInError(refused)).toMatch(/^Too many failed sign-in attempts\. Try again in 15 minutes\.$/);
    // A plain form post (no script) is sent to the error page instead.
    const plain = await signIn("admin", ADMIN_PASSWORD, address, {});
    expect(plain.status).toBe(302);
    expect(await signInError(plain)).toMatch(/^Too many failed sign-in attempts/);
    // The Web API's Basic passwords from there too, in the one error shape.
    const api = await validate("admin", ADMIN_PASSWORD, address);
    expect(api.status).toBe(429);
    expect(await api.json()).toEqual({ errors: [{ msg: expect.stringMatching(/^Too many failed sign-in attempts/) }] });

    // Another address signs in.
    const other = await signIn("admin", ADMIN_PASSWORD, "198.51.100.22");
    expect(await signInError(other)).toBeNull();
  });

  it("Basic passwords to the Web API get 429 with Retry-After on every endpoint; tokens from there are not refused", async () => {
    const address = "198.51.100.23";
    await exhaustAddress(address, (login) => validate(login, "wrong-password", address));
    for (const path of ["/api/authentication/validate", "/api/user_tokens/search", "/api/users/search"]) {
      const res = await fetch(`${server.origin}${path}`, {
        headers: { authorization: basic("admin", ADMIN_PASSWORD), "x-forwarded-for": address },
      });
      expect(res.status, path).toBe(429);
      expect(Number(res.headers.get("retry-after")), path).toBeGreaterThan(14 * 60);
    }
    // A token (here an unknown one) is judged as usual.
    const token = await fetch(`${server.origin}/api/authentication/validate`, {
      headers: { authorization: "Bearer tks_unknown", "x-forwarded-for": address },
    });
    expect(await token.json()).toEqual({ valid: false });
    // The sign-in page itself still opens.
    const page = await fetch(`${server.origin}/login`, { headers: { "x-forwarded-for": address } });
    expect(page.status).toBe(200);
  });
});
