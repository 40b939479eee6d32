/**
 * `npm run bench`: how fast a presented token is authenticated (the hot path of every Web API
 * call), on PGlite and, when TEST_DATABASE_URL is set, on PostgreSQL. Not a test: it prints numbers.
 */
import { performance } from "node:perf_hooks";
import { openPglite, openPostgres, setDatabase, type DatabaseHandle } from "@/db/client";
import { tokens } from "@/db/schema";
import { insertUser } from "@/db/queries/users";
import { authenticateTokenCredentials } from "@/lib/auth/principal";
import { authenticateToken } from "@/lib/tokens/authenticate";
import { generateTokenValue, hashToken, tokenHint } from "@/lib/tokens/format";

const STORED = Number(process.env.BENCH_TOKENS || 20_000);
const LOOKUPS = Number(process.env.BENCH_LOOKUPS || 5_000);

function percentile(sorted: number[], p: number): string {
  return (sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0).toFixed(3);
}

async function timeLoop(label: string, values: string[], run: (value: string) => Promise<unknown>) {
  const times: number[] = [];
  const start = performance.now();
  for (const value of values) {
    const t = performance.now();
    await run(value);
    times.push(performance.now() - t);
  }
  const total = performance.now() - start;
  times.sort((a, b) => a - b);
  console.log(
    `  ${label.padEnd(34)} ${(values.length / (total / 1000)).toFixed(0).padStart(7)} /s   p50 ${percentile(times, 0.5)} ms   p99 ${percentile(times, 0.99)} ms`,
  );
}

async function bench(name: string, handle: DatabaseHandle) {
  await handle.migrate();
  const { db } = handle;
  const user = await insertUser(db, { login: `bench-${Date.now()}`, name: "Bench", passwordHash: "x", role: "user" });
  const values: string[] = [];
  for (let i = 0; i < STORED; i += 1000) {
    const batch = Array.from({ length: Math.min(1000, STORED - i) }, (_, j) => {
      const value = generateTokenValue("user");
      values.push(value);
      return {
        kind: "user" as const,
        userId: user.id,
        name: `t${i + j}`,
        tokenHash: hashToken(value),
        hint: tokenHint(value),
      };
    });
    await db.insert(tokens).values(batch);
  }
  const sample = Array.from({ length: LOOKUPS }, (_, i) => values[(i * 7919) % values.length] ?? "");
  const now = new Date();
  console.log(`${name}: ${STORED} stored tokens, ${LOOKUPS} authentications each`);
  const firstUses = values.slice(0, Math.min(LOOKUPS, 1000));
  await timeLoop("valid token (first use: writes)", firstUses, (v) => authenticateToken(db, v, now));
  // The same tokens again within the minute: no write.
  const repeated = Array.from({ length: LOOKUPS }, (_, i) => firstUses[i % firstUses.length] ?? "");
  await timeLoop("valid token (use throttled)", repeated, (v) => authenticateToken(db, v, now));
  // The Web API's path: the rate limiter around it must add no query to a valid token.
  setDatabase(handle);
  await timeLoop("valid token, with the rate limiter", repeated, (v) =>
    authenticateTokenCredentials(db, { type: "token", token: v }, "192.0.2.1", now),
  );
  setDatabase(undefined);
  await timeLoop(
    "unknown token (indexed miss)",
    sample.map(() => generateTokenValue("user")),
    (v) => authenticateToken(db, v, now),
  );
  await timeLoop(
    "bad checksum (no database)",
    sample.map((v) => v.slice(0, -1) + (v.endsWith("A") ? "B" : "A")),
    (v) => authenticateToken(db, v, now),
  );
  await handle.close();
}

async function main() {
  await bench("PGlite (in memory)", openPglite());
  const url = process.env.TEST_DATABASE_URL;
  if (url) await bench("PostgreSQL", openPostgres(url));
  else console.log("PostgreSQL: skipped (set TEST_DATABASE_URL to a local server)");
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
