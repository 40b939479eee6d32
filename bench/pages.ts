/**
 * `npm run bench:pages`: what `/account/security` costs its server as its user's tokens grow. One
 * PGlite database holds a user with 1 token and a user with 1,000; the production server (a build is
 * made first unless BENCH_SKIP_BUILD=1) serves both, and each page is fetched signed in, warm, many
 * times in turn. Prints the median server time and the HTML size of each, and their ratios: the
 * target is within 1.5x of the 1-token time and under 150 KB of HTML. Not a test: it prints numbers.
 */
import { sql } from "drizzle-orm";
import { insertUser } from "@/db/queries/users";
import { hashPassword } from "@/lib/auth/password";
import { buildApp, startServer, withEngine } from "./http-server";

const PASSWORD = "pages-bench-password";
const SUBJECTS = [
  { login: "one-token", tokens: 1 },
  { login: "many-tokens", tokens: 1_000 },
];
const WARM_UP = 5;
const ROUNDS = 40;

function cookiesOf(response: Response): string[] {
  return response.headers.getSetCookie().map((cookie) => cookie.split(";")[0] ?? "");
}

/** Signs in through next-auth's credentials flow, as the login form does; answers the session cookie. */
async function signIn(origin: string, login: string): Promise<string> {
  const csrf = await fetch(`${origin}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${origin}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie: cookiesOf(csrf).join("; ") },
    body: new URLSearchParams({ csrfToken, login, password: PASSWORD, json: "true" }),
  });
  const session = cookiesOf(response).find((cookie) => cookie.startsWith("next-auth.session-token="));
  if (!session) throw new Error(`Sign-in of ${login} failed: ${response.status}`);
  return session;
}

/** One page view: the time until the whole body arrived, and its size. */
async function view(origin: string, cookie: string): Promise<{ ms: number; bytes: number }> {
  const started = performance.now();
  const response = await fetch(`${origin}/account/security`, { redirect: "manual", headers: { cookie } });
  const body = await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`/account/security answered ${response.status}`);
  return { ms: performance.now() - started, bytes: body.byteLength };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

async function main() {
  buildApp();
  await withEngine("pglite", async (engine) => {
    const database = await engine.database("pages");
    const handle = database.open();
    await handle.migrate();
    const passwordHash = await hashPassword(PASSWORD);
    await insertUser(handle.db, { login: "admin", name: "Admin", passwordHash, role: "admin" });
    for (const subject of SUBJECTS) {
      const user = await insertUser(handle.db, {
        login: subject.login,
        name: subject.login,
        passwordHash,
        role: "user",
      });
      // One minute apart, so newest first is one fixed order.
      await handle.db.execute(sql`
        insert into tokens (kind, user_id, name, token_hash, hint, created_at)
        select 'user', ${user.id}, 'token-' || g, md5(${user.id}::text || g) || md5('h' || g), 'hint',
               now() - (${subject.tokens}::int - g) * interval '1 minute'
        from generate_series(1, ${subject.tokens}::int) g`);
    }
    await handle.db.execute(sql`analyze tokens`);
    await handle.close();

    const server = await startServer(database);
    try {
      const cookies = await Promise.all(SUBJECTS.map((s) => signIn(server.origin, s.login)));
      for (let i = 0; i < WARM_UP; i++) for (const cookie of cookies) await view(server.origin, cookie);
      const figures = SUBJECTS.map(() => ({ ms: [] as number[], bytes: 0 }));
      // In turn, so both pages see the same machine load.
      for (let round = 0; round < ROUNDS; round++) {
        for (const [i, cookie] of cookies.entries()) {
          const { ms, bytes } = await view(server.origin, cookie);
          figures[i]!.ms.push(ms);
          figures[i]!.bytes = bytes;
        }
      }
      const [one, many] = figures.map((f) => ({ ms: median(f.ms), kb: f.bytes / 1024 }));
      for (const [i, subject] of SUBJECTS.entries()) {
        const f = [one, many][i]!;
        console.log(
          `/account/security with ${subject.tokens.toLocaleString("en-US")} token(s): ${f.ms.toFixed(1)} ms median, ${f.kb.toFixed(1)} KB of HTML`,
        );
      }
      const ratio = many!.ms / one!.ms;
      console.log(`time ratio (1,000 / 1): ${ratio.toFixed(2)}x (target <= 1.5x)`);
      console.log(
        `HTML ratio (1,000 / 1): ${(many!.kb / one!.kb).toFixed(2)}x; 1,000 tokens: ${many!.kb.toFixed(1)} KB (target < 150 KB)`,
      );
    } finally {
      await server.stop();
    }
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
