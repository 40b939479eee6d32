import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { createServer as createHttpServer, type IncomingHttpHeaders } from "node:http";
import { createServer as createNetServer, type AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { tokens } from "@/db/schema";
import { generateTokenValue } from "@/lib/tokens/format";
import { advance, api, apiSuite, DAY_MS, errorMessage, issueToken, passwordOf, T0 } from "./api";
import { testDatabases } from "./databases";
import { listen, startForwardAuthServer, type RunningServer } from "./forward-auth-server";

/**
 * A real nginx in front of a small upstream, guarding it with `auth_request` against the forward-auth
 * handler served by a real Node http server: what a client of a guarded service sees.
 */

function findNginx(): string {
  const candidates = ["/usr/sbin/nginx", ...(process.env.PATH ?? "").split(":").map((dir) => path.join(dir, "nginx"))];
  const found = candidates.find((file) => fs.existsSync(file));
  if (!found) {
    throw new Error(
      "nginx is not installed (looked for /usr/sbin/nginx and nginx on PATH). Install it with `apt-get install -y nginx` (.ci/run does).",
    );
  }
  return found;
}

// Looked up as the file loads, so a machine without nginx fails this file outright (nothing skipped).
const NGINX = findNginx();

async function sparePort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** What the upstream saw of a request that nginx let through. */
interface Echo {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** The guarded service: echoes each request it receives, and keeps them. */
async function startUpstream(): Promise<RunningServer & { seen: Echo[] }> {
  const seen: Echo[] = [];
  const server = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const echo = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      };
      seen.push(echo);
      res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(echo));
    });
  });
  return { ...(await listen(server)), seen };
}

const TOO_MANY = '{"errors":[{"msg":"Too many failed authentication attempts. Try again later."}]}';

/**
 * The README's nginx block (Forward-auth section), with ports filled in, twice: `/` for any token,
 * `/ci/` for organization tokens only (`kinds=organization`).
 */
function nginxConfig(dir: string, ports: { nginx: number; tokensmith: number; app: number }): string {
  const guarded = (location: string, authLocation: string) => `
    location ${location} {
      auth_request ${authLocation};
      auth_request_set $tokensmith_login $upstream_http_x_tokensmith_login;
      auth_request_set $tokensmith_kind $upstream_http_x_tokensmith_token_kind;
      auth_request_set $tokensmith_name $upstream_http_x_tokensmith_token_name;
      auth_request_set $tokensmith_status $upstream_status;
      auth_request_set $tokensmith_retry_after $upstream_http_retry_after;
      proxy_set_header X-Tokensmith-Login $tokensmith_login;
      proxy_set_header X-Tokensmith-Token-Kind $tokensmith_kind;
      proxy_set_header X-Tokensmith-Token-Name $tokensmith_name;
      error_page 500 = @tokensmith_error;
      proxy_pass http://app;
    }`;
  const auth = (location: string, query: string) => `
    location = ${location} {
      internal;
      proxy_pass http://tokensmith/api/authentication/forward${query};
      proxy_pass_request_body off;
      proxy_set_header Content-Length "";
      proxy_set_header X-Forwarded-For $remote_addr;
    }`;
  return `
worker_processes 1;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;

  upstream tokensmith { server 127.0.0.1:${ports.tokensmith}; keepalive 8; }
  upstream app { server 127.0.0.1:${ports.app}; }

  server {
    listen 127.0.0.1:${ports.nginx};

    location = /ready { return 204; }
    ${auth("/_tokensmith", "")}
    ${auth("/_tokensmith_ci", "?kinds=organization")}

    # auth_request answers 500 for any status but 2xx, 401 and 403: turn Tokensmith's 429 back into a 429.
    location @tokensmith_error {
      default_type application/json;
      if ($tokensmith_status = 429) {
        add_header Retry-After $tokensmith_retry_after always;
        return 429 '${TOO_MANY}';
      }
      return 500;
    }
    ${guarded("/", "/_tokensmith")}
    ${guarded("/ci/", "/_tokensmith_ci")}
  }
}
`;
}

interface Nginx {
  origin: string;
  stop(): Promise<void>;
}

async function startNginx(ports: { tokensmith: number; app: number }): Promise<Nginx> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tokensmith-nginx-"));
  // As root, nginx's workers run as nobody: they must reach the temp folders inside.
  fs.chmodSync(dir, 0o755);
  const port = await sparePort();
  fs.writeFileSync(path.join(dir, "nginx.conf"), nginxConfig(dir, { nginx: port, ...ports }));
  const errorLog = path.join(dir, "error.log");
  const child: ChildProcess = spawn(
    NGINX,
    ["-p", dir, "-c", path.join(dir, "nginx.conf"), "-e", errorLog, "-g", `daemon off; pid ${dir}/nginx.pid;`],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const origin = `http://127.0.0.1:${port}`;
  const log = () => (fs.existsSync(errorLog) ? fs.readFileSync(errorLog, "utf8") : "");

  // Ready once it answers; fail at once, with its own words, if it exits instead.
  const deadline = Date.now() + 15_000;
  for (;;) {
    const attempt = fetch(`${origin}/ready`).then(
      (res) => res.status === 204,
      () => false,
    );
    const outcome = await Promise.race([attempt, exited.then((code) => ({ code }))]);
    if (outcome === true) break;
    if (typeof outcome === "object") throw new Error(`nginx exited (${outcome.code}): ${stderr}${log()}`);
    if (Date.now() > deadline) throw new Error(`nginx did not answer on ${origin}: ${stderr}${log()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return {
    origin,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

let tokensmith: RunningServer;
let upstream: Awaited<ReturnType<typeof startUpstream>>;
let nginx: Nginx;

beforeAll(async () => {
  tokensmith = await startForwardAuthServer();
  upstream = await startUpstream();
  nginx = await startNginx({ tokensmith: tokensmith.port, app: upstream.port });
});
afterAll(async () => {
  await nginx?.stop();
  await upstream?.close();
  await tokensmith?.close();
});

describe.each(testDatabases())("nginx auth_request with forward-auth on $name", (target) => {
  const suite = apiSuite(target);
  const alice = () => suite.users.alice.user;

  beforeEach(() => {
    upstream.seen.length = 0;
  });

  const get = (pathname: string, token?: string, init: RequestInit = {}) =>
    fetch(`${nginx.origin}${pathname}`, {
      ...init,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(init.headers as Record<string, string>) },
    });

  async function passed(res: Response): Promise<Echo> {
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as Echo;
  }

  async function expectUnauthorized(res: Response) {
    expect(res.status).toBe(401);
    // nginx passes the auth answer's challenge on; the body is nginx's own page.
    expect(res.headers.get("www-authenticate")).toBe('Bearer realm="Tokensmith"');
    await res.arrayBuffer();
  }

  it("lets a valid token through, and the upstream learns whose it is, not what the client claimed", async () => {
    const name = "Déploiement 🚀";
    const token = await issueToken(suite.db, { kind: "user", name, userId: alice().id });
    const echo = await passed(
      await get("/reports?id=7", token, {
        method: "POST",
        body: "payload=1",
        headers: { "X-Tokensmith-Login": "root" },
      }),
    );
    expect(echo).toMatchObject({ method: "POST", url: "/reports?id=7", body: "payload=1" });
    expect(echo.headers["x-tokensmith-login"]).toBe("alice");
    expect(echo.headers["x-tokensmith-token-kind"]).toBe("user");
    expect(decodeURIComponent(String(echo.headers["x-tokensmith-token-name"]))).toBe(name);

    // An instance-owned token has no login: the upstream gets none, not the client's forged one.
    const organization = await issueToken(suite.db, { kind: "organization", name: "CI" });
    const forged = await passed(await get("/", organization, { headers: { "X-Tokensmith-Login": "root" } }));
    expect(forged.headers["x-tokensmith-login"]).toBeUndefined();
    expect(forged.headers["x-tokensmith-token-kind"]).toBe("organization");

    const head = await get("/", token, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(upstream.seen.map((e) => e.method)).toEqual(["POST", "GET", "HEAD"]);
  });

  it("answers 401 without a token, with a bad one, an expired one and a revoked one (on the very next request)", async () => {
    await expectUnauthorized(await get("/"));
    await expectUnauthorized(await get("/", "garbage"));
    await expectUnauthorized(await get("/", generateTokenValue("user")));
    const password = Buffer.from(`alice:${suite.users.alice.password}`).toString("base64");
    await expectUnauthorized(await get("/", undefined, { headers: { authorization: `Basic ${password}` } }));

    const expiring = await issueToken(suite.db, {
      kind: "user",
      name: "expiring",
      userId: alice().id,
      expiresAt: new Date(T0.getTime() + DAY_MS),
    });
    await passed(await get("/", expiring));
    advance(DAY_MS);
    await expectUnauthorized(await get("/", expiring));

    const revoked = await issueToken(suite.db, { kind: "user", name: "ci", userId: alice().id });
    await passed(await get("/", revoked));
    expect((await api.revoke({ auth: passwordOf(suite.users.alice), form: { name: "ci" } })).status).toBe(204);
    await expectUnauthorized(await get("/", revoked));
    expect(upstream.seen).toHaveLength(2);
  });

  it("answers 403 for a kind the location does not allow", async () => {
    const organization = await issueToken(suite.db, { kind: "organization", name: "CI" });
    const user = await issueToken(suite.db, { kind: "user", name: "mine", userId: alice().id });
    await passed(await get("/ci/build", organization));
    const refused = await get("/ci/build", user);
    expect(refused.status).toBe(403);
    await refused.arrayBuffer();
    expect(upstream.seen.map((e) => e.url)).toEqual(["/ci/build"]);
    await suite.db.delete(tokens).where(eq(tokens.kind, "organization"));
    await expectUnauthorized(await get("/ci/build", organization));
  });

  it("answers a flood of bad tokens with 429 and Retry-After, which nginx would otherwise turn into a 500", async () => {
    const token = await issueToken(suite.db, { kind: "user", name: "mine", userId: alice().id });
    for (let batch = 0; batch < 30; batch++) {
      const answers = await Promise.all(
        Array.from({ length: 10 }, async (_, i) => {
          const res = await get("/", `garbage-${batch}-${i}`);
          await res.arrayBuffer();
          return res.status;
        }),
      );
      expect(answers).toEqual(Array(10).fill(401));
    }
    for (const presented of [token, "garbage"]) {
      const res = await get("/", presented);
      expect(res.status).toBe(429);
      const retryAfter = Number(res.headers.get("retry-after"));
      expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
      expect(await errorMessage(res)).toMatch(/Too many/);
    }
    expect(upstream.seen).toHaveLength(0);

    advance(60_000);
    await passed(await get("/", token));
  });
});
