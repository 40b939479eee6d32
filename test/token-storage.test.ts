import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { rowsOf, type Database } from "@/db/client";
import { tokens } from "@/db/schema";
import { api, apiSuite, generateWithPassword, isValid, passwordOf, type GenerateBody } from "./api";
import { testDatabases } from "./databases";

/** Every table of the database (migrations' bookkeeping included), each row rendered as text. */
async function everyRowAsText(db: Database): Promise<string[]> {
  const tables = rowsOf(
    await db.execute(sql`
      select table_schema, table_name from information_schema.tables
      where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')`),
  );
  expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(["tokens", "users", "settings"]));
  const texts: string[] = [];
  for (const { table_schema: schema, table_name: table } of tables) {
    const from = sql`${sql.identifier(String(schema))}.${sql.identifier(String(table))}`;
    const rows = rowsOf(await db.execute(sql`select t::text as row from ${from} t`));
    texts.push(...rows.map((r) => String(r.row)));
  }
  return texts;
}

describe.each(testDatabases())("token storage on $name", (target) => {
  const suite = apiSuite(target);

  it("keeps no plaintext token in any column of any table, only its SHA-256 and last 4 characters", async () => {
    const generated = [
      await generateWithPassword(suite.users.alice, "plain"),
      await generateWithPassword(suite.users.alice, "dated", { expirationDate: "2026-06-01" }),
      await generateWithPassword(suite.users.admin, "global", { type: "GLOBAL_ANALYSIS_TOKEN" }),
      await generateWithPassword(suite.users.admin, "for-bob", { login: "bob" }),
    ];
    // A rotation: the rotated token, its successor and the audit event are scanned too.
    const rotatedRes = await api.rotate({ auth: { bearer: generated[0]!.token } });
    expect(rotatedRes.status).toBe(200);
    const successor = (await rotatedRes.json()) as GenerateBody;
    generated.push(successor);
    for (const { token } of generated) {
      // Each use records its address and client, here a careless one that sends the token in its
      // User-Agent: those columns are scanned as well.
      const res = await api.validate({ auth: { bearer: token }, headers: { "user-agent": `scanner ${token}` } });
      expect(await res.json()).toEqual({ valid: true });
    }

    const texts = await everyRowAsText(suite.db);
    const tokenRows = texts.filter((t) => generated.some((g) => t.includes(g.name)));
    expect(tokenRows.length).toBeGreaterThanOrEqual(generated.length);
    for (const { token } of generated) {
      const secret = token.slice(4, 36);
      for (const text of texts) {
        expect(text).not.toContain(token);
        expect(text).not.toContain(secret);
        expect(text).not.toContain(secret.slice(0, 16));
        expect(text).not.toContain(secret.slice(16));
      }
    }

    const stored = await suite.db.select({ hash: tokens.tokenHash, hint: tokens.hint, name: tokens.name }).from(tokens);
    for (const { token } of generated) {
      const hash = createHash("sha256").update(token).digest("hex");
      expect(stored.find((r) => r.hash === hash)).toMatchObject({ hint: token.slice(-4) });
    }
  });

  it("logs nothing holding the token while generating, using and revoking it", async () => {
    const spies = (["log", "info", "warn", "error", "debug"] as const).map((m) =>
      vi.spyOn(console, m).mockImplementation(() => {}),
    );
    try {
      const { token } = await generateWithPassword(suite.users.alice, "quiet");
      await isValid(token);
      await api.search({ auth: { bearer: token } });
      const successor = ((await (await api.rotate({ auth: { bearer: token } })).json()) as GenerateBody).token;
      await isValid(successor);
      await api.revoke({ auth: passwordOf(suite.users.alice), form: { name: "quiet" } });
      await isValid(token);
      const logged = JSON.stringify(spies.flatMap((s) => s.mock.calls));
      expect(logged).not.toContain(token.slice(4, 36));
      expect(logged).not.toContain(successor.slice(4, 36));
    } finally {
      for (const s of spies) s.mockRestore();
    }
  });
});
