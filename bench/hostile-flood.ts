/**
 * The attacker of `npm run bench:hostile`, run as its own process: `concurrency` password guesses in
 * flight for `seconds`, each with a new random login and a wrong password, from one address or
 * (X-Forwarded-For) a fresh one each. `target` `basic`: Basic credentials to
 * /api/authentication/validate; `sign-in`: the sign-in form's post to next-auth's credentials
 * callback, with one CSRF token fetched first, as a script would. Sends its tally to the parent.
 */
import { randomBytes } from "node:crypto";

const [origin = "", addresses = "one", concurrency = "200", seconds = "10", target = "basic"] = process.argv.slice(2);
const basic = (login: string, password: string) => `Basic ${Buffer.from(`${login}:${password}`).toString("base64")}`;
// Each target floods from an address of its own, so one flood's limit does not start the next one.
const oneAddress = target === "sign-in" ? "198.51.100.8" : "198.51.100.7";
const addressOf = addresses === "fresh" ? () => `10.${randomBytes(3).join(".")}` : () => oneAddress;
const guessLogin = () => `guess-${randomBytes(6).toString("hex")}`;

type Guess = () => Promise<Response>;

async function basicGuess(): Promise<Guess> {
  return () =>
    fetch(`${origin}/api/authentication/validate`, {
      headers: { authorization: basic(guessLogin(), "wrong-password"), "x-forwarded-for": addressOf() },
    });
}

async function signInGuess(): Promise<Guess> {
  const res = await fetch(`${origin}/api/auth/csrf`);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const cookie = res.headers
    .getSetCookie()
    .map((line) => line.split(";")[0])
    .join("; ");
  return () =>
    fetch(`${origin}/api/auth/callback/credentials`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie, "x-forwarded-for": addressOf() },
      body: new URLSearchParams({ csrfToken, login: guessLogin(), password: "wrong-password", json: "true" }),
    });
}

/**
 * What an answer was: its status, and for the sign-in form's 401 (next-auth's answer to every
 * failed sign-in) which error: judged (CredentialsSignin), limited (429's) or busy (503's).
 */
async function answerOf(res: Response): Promise<string> {
  if (target !== "sign-in" || res.status !== 401) {
    await res.arrayBuffer();
    return String(res.status);
  }
  const { url } = (await res.json()) as { url: string };
  const error = new URL(url).searchParams.get("error") ?? "";
  if (error === "CredentialsSignin") return "401 judged";
  return /too many/i.test(error) ? "401 limited" : /busy/i.test(error) ? "401 busy" : `401 ${error}`;
}

async function main() {
  const guess = target === "sign-in" ? await signInGuess() : await basicGuess();
  const statuses: Record<string, number> = {};
  let attempts = 0;
  const until = Date.now() + Number(seconds) * 1000;
  const attacker = async () => {
    while (Date.now() < until) {
      const res = await guess().catch(() => null);
      const status = res ? await answerOf(res) : "error";
      statuses[status] = (statuses[status] ?? 0) + 1;
      attempts += 1;
    }
  };
  await Promise.all(Array.from({ length: Number(concurrency) }, attacker));
  process.send?.({ attempts, statuses });
  process.disconnect?.();
}

void main();
