import { expect, test } from "@playwright/test";
import { bodyOf, endlessChunks, exchange, parts, statusOf } from "../test/raw-http";
import { basicAuth } from "./support/admin";
import { recordRevealed } from "./support/revealed";
import { ADMIN } from "./support/security-page";

// The running server (npm start) refuses bodies over 64 KiB on every route, the sign-in route of
// next-auth included, before reading them: an attacker cannot make it buffer 100 MB.
const REFUSED = { errors: [{ msg: "The request body is too large: at most 64 KiB." }] };
const HUNDRED_MB = 100 * 1024 * 1024;

test.describe("request bodies over 64 KiB", () => {
  let port: number;
  test.beforeEach(({ baseURL }) => {
    port = Number(new URL(baseURL ?? "").port);
  });

  test("get 413 at once on the sign-in route when Content-Length announces 100 MB, without credentials", async () => {
    const { response, bytesSent } = await exchange(
      port,
      [
        "POST /api/auth/callback/credentials HTTP/1.1",
        "Host: localhost",
        "Content-Type: application/x-www-form-urlencoded",
        `Content-Length: ${HUNDRED_MB}`,
      ],
      parts([Buffer.from("login=admin&password=" + "x".repeat(1000))]),
    );
    expect(statusOf(response)).toBe(413);
    expect(bodyOf(response)).toEqual(REFUSED);
    expect(bytesSent).toBeLessThan(2000);
  });

  test("get 413 once a chunked form streamed to the Web API passes the limit, long before 100 MB", async ({
    request,
  }) => {
    const authorization = basicAuth(ADMIN.login, ADMIN.password).Authorization;
    const { response, bytesSent } = await exchange(
      port,
      [
        "POST /api/user_tokens/generate HTTP/1.1",
        "Host: localhost",
        `Authorization: ${authorization}`,
        "Content-Type: application/x-www-form-urlencoded",
        "Transfer-Encoding: chunked",
      ],
      endlessChunks(16 * 1024, HUNDRED_MB),
    );
    expect(statusOf(response)).toBe(413);
    expect(bodyOf(response)).toEqual(REFUSED);
    expect(bytesSent).toBeLessThan(HUNDRED_MB / 4);

    // The server is fine, and a small body is taken as before.
    const small = await request.post("/api/user_tokens/generate", {
      headers: basicAuth(ADMIN.login, ADMIN.password),
      form: { name: `small-body-${Date.now()}`, padding: "p".repeat(60 * 1024) },
    });
    expect(small.status()).toBe(200);
    const { token, name } = (await small.json()) as { token: string; name: string };
    recordRevealed(token, name);
    const revoked = await request.post("/api/user_tokens/revoke", {
      headers: basicAuth(ADMIN.login, ADMIN.password),
      form: { name },
    });
    expect(revoked.status()).toBe(204);
  });
});
