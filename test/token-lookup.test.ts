import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPostgres, type DatabaseHandle } from "@/db/client";
import { deletePersonalTokens, findTokenByHash } from "@/db/queries/tokens";
import { insertUser } from "@/db/queries/users";
import { settings, tokens, users } from "@/db/schema";
import { authenticateToken } from "@/lib/tokens/authenticate";
import { hashToken } from "@/lib/tokens/format";
import { apiSuite, isValid, issueToken, T0 } from "./api";
import { testDatabases } from "./databases";

/**
 * Authentication's lookup is one prepared statement per connection: what it answers must be what
 * the database holds at that moment, field for field, however many requests run at once.
 */
describe.each(testDatabases())("token lookup on $name", (target) => {
  const suite = apiSuite(target);

  async function storedToken(value: string) {
    const [row] = await suite.db
      .select()
      .from(tokens)
      .where(eq(tokens.tokenHash, hashToken(value)));
    if (!row) throw new Error("no such token");
    return row;
  }

  it("answers the token's fields, its whole owner and the inactivity setting, decoded as drizzle decodes them", async () => {
    const expiresAt = new Date(T0.getTime() + 86_400_000);
    const value = await issueToken(suite.db, {
      kind: "user",
      name: "looked-up",
      userId: suite.users.alice.user.id,
      expiresAt,
    });
    await suite.db
      .update(tokens)
      .set({ lastUsedAt: T0 })
      .where(eq(tokens.tokenHash, hashToken(value)));
    const row = await storedToken(value);
    const [alice] = await suite.db.select().from(users).where(eq(users.id, suite.users.alice.user.id));

    expect(await findTokenByHash(suite.db, hashToken(value))).toEqual({
      token: {
        id: row.id,
        kind: "user",
        name: "looked-up",
        userId: alice?.id,
        projectId: null,
        agentAppId: null,
        allProjects: null,
        expiresAt,
        finishedAt: null,
        lastUsedAt: T0,
        createdAt: row.createdAt,
        rotatedUntil: null,
      },
      user: alice,
      inactiveTokenRemovalDays: 60,
    });
  });

  it("answers no owner for an instance-owned token, and the setting as it is now", async () => {
    const value = await issueToken(suite.db, { kind: "organization", name: "ci", allProjects: false });
    await suite.db.update(settings).set({ inactiveTokenRemovalDays: null });
    const found = await findTokenByHash(suite.db, hashToken(value));
    expect(found?.user).toBeNull();
    expect(found?.token).toMatchObject({ kind: "organization", name: "ci", allProjects: false, userId: null });
    expect(found?.inactiveTokenRemovalDays).toBeNull();

    await suite.db.update(settings).set({ inactiveTokenRemovalDays: 30 });
    expect((await findTokenByHash(suite.db, hashToken(value)))?.inactiveTokenRemovalDays).toBe(30);
  });

  it("finds nothing for an unknown hash, and nothing once the token is deleted", async () => {
    expect(await findTokenByHash(suite.db, hashToken("tsu_unknown"))).toBeUndefined();
    const value = await issueToken(suite.db, { kind: "user", name: "doomed", userId: suite.users.bob.user.id });
    expect(await findTokenByHash(suite.db, hashToken(value))).toBeDefined();
    await suite.db.delete(tokens).where(eq(tokens.tokenHash, hashToken(value)));
    expect(await findTokenByHash(suite.db, hashToken(value))).toBeUndefined();
    expect(await isValid(value)).toBe(false);
  });

  it("answers many concurrent lookups each with its own token", async () => {
    const values = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        issueToken(suite.db, { kind: "user", name: `concurrent-${i}`, userId: suite.users.alice.user.id }),
      ),
    );
    const found = await Promise.all(values.map((value) => findTokenByHash(suite.db, hashToken(value))));
    expect(found.map((f) => f?.token.name)).toEqual(values.map((_, i) => `concurrent-${i}`));
  });

  it("never reads inside another request's open transaction: a deletion rolled back never hid the token", async () => {
    const value = await issueToken(suite.db, { kind: "user", name: "kept", userId: suite.users.alice.user.id });
    let pending: ReturnType<typeof findTokenByHash> | undefined;
    await expect(
      suite.db.transaction(async (tx) => {
        await tx.delete(tokens).where(eq(tokens.tokenHash, hashToken(value)));
        // Issued while the deletion is uncommitted; the transaction's next statement gives it every chance to run.
        pending = findTokenByHash(suite.db, hashToken(value));
        await tx.select().from(tokens);
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect((await pending)?.token.name).toBe("kept");
  });
});

/** Two server instances on one PostgreSQL database: each keeps its own prepared statements, never answers. */
describe.each(testDatabases().filter((target) => target.name === "postgres"))("two instances on $name", () => {
  const url = process.env.TEST_DATABASE_URL ?? "";
  const dbName = `tokensmith_test_${randomBytes(6).toString("hex")}`;
  let first: DatabaseHandle;
  let second: DatabaseHandle;

  beforeAll(async () => {
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${dbName}`);
    await admin.end();
    const shared = new URL(url);
    shared.pathname = `/${dbName}`;
    first = openPostgres(shared.toString());
    second = openPostgres(shared.toString());
    await first.migrate();
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  });

  it("refuses a token revoked on one instance on the very next request to the other", async () => {
    const owner = await insertUser(first.db, { login: "carol", name: "Carol", passwordHash: "x", role: "user" });
    const value = await issueToken(first.db, { kind: "user", name: "shared", userId: owner.id });
    // Both instances have authenticated it (and prepared the lookup on their connections).
    for (let i = 0; i < 12; i++) {
      expect((await authenticateToken(first.db, value, new Date())).ok).toBe(true);
      expect((await authenticateToken(second.db, value, new Date())).ok).toBe(true);
    }
    expect(await deletePersonalTokens(first.db, { ownerId: owner.id, name: "shared" })).toHaveLength(1);
    expect(await authenticateToken(second.db, value, new Date())).toEqual({ ok: false, reason: "unknown" });
  });
});
