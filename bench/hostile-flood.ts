/**
 * The attacker of `npm run bench:hostile`, run as its own process: `concurrency` Basic requests in
 * flight to /api/authentication/validate for `seconds`, each with a new random login and a wrong
 * password, from one address or (X-Forwarded-For) a fresh one each. Sends its tally to the parent.
 */
import { randomBytes } from "node:crypto";

const [origin = "", addresses = "one", concurrency = "200", seconds = "10"] = process.argv.slice(2);
const basic = (login: string, password: string) => `Basic ${Buffer.from(`${login}:${password}`).toString("base64")}`;
const addressOf = addresses === "fresh" ? () => `10.${randomBytes(3).join(".")}` : () => "198.51.100.7";

async function main() {
  const statuses: Record<string, number> = {};
  let attempts = 0;
  const until = Date.now() + Number(seconds) * 1000;
  const attacker = async () => {
    while (Date.now() < until) {
      const res = await fetch(`${origin}/api/authentication/validate`, {
        headers: {
          authorization: basic(`guess-${randomBytes(6).toString("hex")}`, "wrong-password"),
          "x-forwarded-for": addressOf(),
        },
      }).catch(() => null);
      const status = res ? String(res.status) : "error";
      await res?.arrayBuffer();
      statuses[status] = (statuses[status] ?? 0) + 1;
      attempts += 1;
    }
  };
  await Promise.all(Array.from({ length: Number(concurrency) }, attacker));
  process.send?.({ attempts, statuses });
  process.disconnect?.();
}

void main();
