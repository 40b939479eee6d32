import { protocol, types, type PGlite } from "@electric-sql/pglite";
import type postgres from "postgres";
import type { Database } from "./client";

/**
 * One statement, parsed and planned once per database connection, then only bound and executed:
 * the hot path (a token lookup per request) pays neither query building nor planning. Rows come
 * as arrays, each value as drizzle's driver setup hands it to column decoders: booleans and
 * numbers parsed, timestamps left as text.
 */
export type PreparedStatement = (params: readonly string[]) => Promise<unknown[][]>;

type Preparer = (name: string, text: string) => PreparedStatement;

// Shared across the two module copies in the server process (see db/client.ts), like the database.
const PREPARERS = Symbol.for("tokensmith.preparedStatements");
type Holder = { [PREPARERS]?: WeakMap<Database, { prepare: Preparer; statements: Map<string, PreparedStatement> }> };

function registry() {
  const holder = globalThis as Holder;
  holder[PREPARERS] ??= new WeakMap();
  return holder[PREPARERS];
}

/** The statement `text` under `name` on this database (opened by db/client.ts, not a transaction). */
export function preparedStatement(db: Database, name: string, text: string): PreparedStatement {
  const entry = registry().get(db);
  if (!entry) throw new Error("Prepared statements need a database opened by db/client.ts, not a transaction.");
  let statement = entry.statements.get(name);
  if (!statement) {
    statement = entry.prepare(name, text);
    entry.statements.set(name, statement);
  }
  return statement;
}

/** postgres.js prepares a statement on each connection the first time it runs there, and reuses it. */
export function registerPostgresJs(db: Database, client: postgres.Sql): void {
  registry().set(db, {
    prepare: (_name, text) => (params) => client.unsafe(text, [...params], { prepare: true }).values(),
    statements: new Map(),
  });
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((length, part) => length + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

// drizzle's PGlite driver keeps these as text for its column decoders; so does this.
const TEXT_TYPES = new Set<number>([types.TIMESTAMP, types.TIMESTAMPTZ, types.DATE, types.INTERVAL]);

/**
 * PGlite's `query()` parses, describes and plans every statement (six protocol messages). Here the
 * statement is parsed once under its name; each call is one Bind, Execute and Sync. Both PGlite
 * locks are held, as its own `query()` does, so a call never runs inside another caller's
 * transaction.
 */
export function registerPglite(db: Database, client: PGlite): void {
  const exclusive = <T>(fn: () => Promise<T>) => client._runExclusiveTransaction(() => client._runExclusiveQuery(fn));
  const prepare: Preparer = (name, text) => {
    let parsers: Promise<((value: string) => unknown)[]> | undefined;
    const describe = () =>
      exclusive(async () => {
        const messages = await client.execProtocolStream(
          concat(
            protocol.serialize.parse({ name, text }),
            protocol.serialize.describe({ type: "S", name }),
            protocol.serialize.sync(),
          ),
          { syncToFs: false },
        );
        const description = messages.find((message) => message instanceof protocol.messages.RowDescriptionMessage);
        return (description?.fields ?? []).map(({ dataTypeID }) => {
          const parse = client.parsers[dataTypeID];
          return TEXT_TYPES.has(dataTypeID) || !parse
            ? (value: string) => value
            : (value: string) => parse(value, dataTypeID);
        });
      });
    return async (params) => {
      // Parsed at first use; a failed attempt is tried again next time.
      parsers ??= describe().catch((error: unknown) => {
        parsers = undefined;
        throw error;
      });
      const fieldParsers = await parsers;
      const messages = await exclusive(() =>
        client.execProtocolStream(
          concat(
            protocol.serialize.bind({ statement: name, values: [...params] }),
            protocol.serialize.execute({}),
            protocol.serialize.sync(),
          ),
          { syncToFs: false },
        ),
      );
      const rows: unknown[][] = [];
      for (const message of messages) {
        if (!(message instanceof protocol.messages.DataRowMessage)) continue;
        rows.push(message.fields.map((value, i) => (value === null ? null : (fieldParsers[i]?.(value) ?? value))));
      }
      return rows;
    };
  };
  registry().set(db, { prepare, statements: new Map() });
}
