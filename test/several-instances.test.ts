import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf, type Database, type DatabaseHandle } from "@/db/client";
import { SWEEP_LOCK_KEY } from "@/lib/tokens/sweeper";
import { seedUsers, type SeededUsers, type TestUser } from "./api";
import {
  requireCurrentBuild,
  startProductionServer,
  throwawayPostgres,
  type ProductionServer,
} from "./production-server";
import { logOutOverHttp, opensAccountPage, sessionEndpointAnswer, signInOverHttp } from "./session-http";

/**
 * Two real server processes on one PostgreSQL, as behind a load balancer: what one instance
 * learns (failures, revocations, ...) the other honours. Each test takes its own client address
 * (X-Forwarded-For, trusted from the right), so one test's rate limits never touch another's.
 * To add a check across instances, add an `it` using `instances`, `addressOfTest()` and `call`.
 */

requireCurrentBuild();

interface Instances {
  a: ProductionServer;
  b: ProductionServer;
  db: Database;
  users: SeededUsers;
}

let instances: Instances;
let handle: DatabaseHandle;
let disposeDatabase: () => Promise<void> = async () => {};

beforeAll(async () => {
  const postgres = await throwawayPostgres();
  disposeDatabase = postgres.dispose;
  handle = postgres.database.open();
  // Migrated and seeded before either server starts: two servers migrating one empty database race.
  await handle.migrate();
  const users = await seedUsers(handle.db);
  const env = {
    AUTH_SECRET: randomBytes(32).toString("hex"),
    TRUST_PROXY: "true",
    // Both sweepers run every second, so the sweeper test sees them compete.
    TOKEN_SWEEP_INTERVAL_SECONDS: "1",
  };
  const [a, b] = await Promise.all([
    startProductionServer(postgres.database, "a", env),
    startProductionServer(postgres.database, "b", env),
  ]);
  instances = { a, b, db: handle.db, users };
}, 180_000);

afterAll(async () => {
  await Promise.all([instances?.a.stop(), instances?.b.stop()]);
  await handle?.close();
  await disposeDatabase();
});

let lastAddress = 0;
/** A client address of its own for each test. */
const addressOfTest = () => `198.51.100.${++lastAddress}`;

type Auth = { bearer: string } | { login: string; password: string };
const authorization = (auth: Auth) =>
  "bearer" in auth
    ? `Bearer ${auth.bearer}`
    : `Basic ${Buffer.from(`${auth.login}:${auth.password}`).toString("base64")}`;

/** One Web API request to a server, from `address`. */
async function call(
  server: ProductionServer,
  path: string,
  options: { auth?: Auth; address: string; form?: Record<string, string> },
): Promise<{ status: number; body: string }> {
  const res = await fetch(server.origin + path, {
    method: options.form ? "POST" : "GET",
    headers: {
      "x-forwarded-for": options.address,
      ...(options.auth ? { authorization: authorization(options.auth) } : {}),
      ...(options.form ? { "content-type": "application/x-www-form-urlencoded" } : {}),
    },
    body: options.form ? new URLSearchParams(options.form).toString() : undefined,
  });
  return { status: res.status, body: await res.text() };
}

const validate = (server: ProductionServer, auth: Auth, address: string) =>
  call(server, "/api/authentication/validate", { auth, address });
const passwordOf = (u: TestUser): Auth => ({ login: u.user.login, password: u.password });
const VALID = { status: 200, body: '{"valid":true}' };
const INVALID = { status: 200, body: '{"valid":false}' };

async function generate(server: ProductionServer, u: TestUser, name: string): Promise<string> {
  const res = await call(server, "/api/user_tokens/generate", {
    auth: passwordOf(u),
    address: addressOfTest(),
    form: { name },
  });
  expect(res.status, res.body).toBe(200);
  return (JSON.parse(res.body) as { token: string }).token;
}

describe("two server processes on one PostgreSQL", () => {
  it("share the failed-token budget: the 301st bad token across both gets 429, and then a good one too", async () => {
    const { a, b } = instances;
    const token = await generate(a, instances.users.alice, "shared budget");
    const address = addressOfTest();
    for (let batch = 0; batch < 10; batch++) {
      const answers = await Promise.all(
        Array.from({ length: 30 }, (_, i) => validate(i % 2 ? a : b, { bearer: `garbage-${batch}-${i}` }, address)),
      );
      expect(answers, `batch ${batch}`).toEqual(Array(30).fill(INVALID));
    }
    const refused = await validate(a, { bearer: "garbage-301" }, address);
    expect(refused.status).toBe(429);
    expect(JSON.parse(refused.body)).toEqual({ errors: [{ msg: expect.stringMatching(/Too many/) }] });
    expect((await validate(b, { bearer: "garbage-302" }, address)).status).toBe(429);
    for (const server of [a, b]) expect((await validate(server, { bearer: token }, address)).status).toBe(429);
    // Another address is not limited.
    for (const server of [a, b]) expect(await validate(server, { bearer: token }, addressOfTest())).toEqual(VALID);
  });

  it("share the password budget of a login and address: 10 failures across both, then 429 even for the right password", async () => {
    const { a, b } = instances;
    const { alice } = instances.users;
    const address = addressOfTest();
    for (let i = 0; i < 10; i++) {
      const res = await validate(i % 2 ? a : b, { login: "alice", password: `wrong-${i}` }, address);
      expect(res, `attempt ${i + 1}`).toEqual(INVALID);
    }
    for (const server of [a, b]) expect((await validate(server, passwordOf(alice), address)).status).toBe(429);
    expect(await validate(a, passwordOf(alice), addressOfTest())).toEqual(VALID);
  });

  it("allow exactly a login's 10 failed passwords however many are sent at once across both", async () => {
    const { a, b } = instances;
    const address = addressOfTest();
    const answers = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        validate(i % 2 ? a : b, { login: "bob", password: `wrong-at-once-${i}` }, address),
      ),
    );
    const judged = answers.filter((answer) => answer.status === 200);
    expect(judged, JSON.stringify(answers.map((answer) => answer.status))).toEqual(Array(10).fill(INVALID));
    expect(answers.filter((answer) => answer.status === 429)).toHaveLength(14);
  }, 60_000);

  it("share the password budget of an address: 30 failures with any logins across both, then 429", async () => {
    const { a, b } = instances;
    const address = addressOfTest();
    for (let i = 0; i < 30; i++) {
      const res = await validate(i % 2 ? a : b, { login: `guess-${i}`, password: "wrong-password" }, address);
      expect(res, `attempt ${i + 1}`).toEqual(INVALID);
    }
    for (const server of [a, b]) {
      expect((await validate(server, passwordOf(instances.users.bob), address)).status).toBe(429);
    }
  }, 60_000);

  it("refuse on B a token revoked through A, on the very next request", async () => {
    const { a, b } = instances;
    const { alice } = instances.users;
    const token = await generate(a, alice, "revoked on A");
    const address = addressOfTest();
    expect(await validate(b, { bearer: token }, address)).toEqual(VALID);
    const revoked = await call(a, "/api/user_tokens/revoke", {
      auth: passwordOf(alice),
      address,
      form: { name: "revoked on A" },
    });
    expect(revoked.status, revoked.body).toBe(204);
    expect(await validate(b, { bearer: token }, address)).toEqual(INVALID);
  });

  it("refuse on B a browser session ended by Log out on A", async () => {
    const { a, b } = instances;
    const { alice } = instances.users;
    const cookie = await signInOverHttp(a.origin, alice.user.login, alice.password);
    expect(await opensAccountPage(b.origin, cookie)).toBe(true);
    expect(await sessionEndpointAnswer(b.origin, cookie)).toMatchObject({ user: { id: alice.user.id } });
    await logOutOverHttp(a.origin, cookie);
    expect(await opensAccountPage(b.origin, cookie)).toBe(false);
    expect(await opensAccountPage(a.origin, cookie)).toBe(false);
    // next-auth's own session endpoint says so too, rather than what the cookie's JWT claims.
    expect(await sessionEndpointAnswer(b.origin, cookie)).toEqual({});
    expect(a.output() + b.output()).not.toMatch(/JWT_SESSION_ERROR/);
  });

  it("run one sweeper at a time: never two sessions holding the sweep lock or running a sweep batch", async () => {
    const { db } = instances;
    const stale = 20_000;
    // Personal tokens unused for 100 days, past the default 60-day inactivity removal: a run of
    // several batches on each server's one-second sweeper.
    await db.execute(sql`
      insert into tokens (kind, user_id, name, token_hash, hint, created_at)
      select 'user', (select id from users where login = 'bob'), 'stale-' || g, md5('s' || g) || md5('t' || g), 'stale',
             now() - interval '100 days'
      from generate_series(1, ${stale}::int) g`);
    const lockClass = Number(SWEEP_LOCK_KEY >> 32n);
    const lockObject = Number(SWEEP_LOCK_KEY & 0xffffffffn);
    let mostHolders = 0;
    let mostSweeping = 0;
    let samplesSweeping = 0;
    const deadline = Date.now() + 60_000;
    for (;;) {
      const [sample] = rowsOf<{ holders: number; sweeping: number; left: number }>(
        await db.execute(sql`
          select
            (select count(*)::int from pg_locks
              where locktype = 'advisory' and granted and classid = ${lockClass} and objid = ${lockObject}) as holders,
            (select count(distinct pid)::int from pg_stat_activity
              where datname = current_database() and state = 'active' and pid <> pg_backend_pid()
                and query like '%token.sweep%') as sweeping,
            (select count(*)::int from tokens where name like 'stale-%') as left`),
      );
      if (!sample) throw new Error("no sample");
      mostHolders = Math.max(mostHolders, sample.holders);
      mostSweeping = Math.max(mostSweeping, sample.sweeping);
      if (sample.sweeping > 0) samplesSweeping += 1;
      if (sample.left === 0) break;
      if (Date.now() > deadline) throw new Error(`${sample.left} stale tokens left after 60 s`);
    }
    expect(samplesSweeping, "a sweep batch was seen running").toBeGreaterThan(0);
    expect(mostHolders).toBe(1);
    expect(mostSweeping).toBe(1);
    const [events] = rowsOf<{ n: number }>(
      await db.execute(sql`select count(*)::int as n from audit_events where action = 'token.sweep'`),
    );
    expect(events?.n).toBe(stale);
  }, 90_000);
});
