import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { PGlite, type PGliteOptions } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { acquireDataDirLock } from "./data-dir-lock";
import { registerPglite, registerPostgresJs } from "./prepared-statement";
import * as schema from "./schema";

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface DatabaseHandle {
  db: Database;
  driver: "pglite" | "postgres";
  migrate(): Promise<void>;
  close(): Promise<void>;
  /**
   * Runs `fn` on one connection held for the whole call, for session state such as advisory locks.
   * PGlite has a single connection, so this is just `db`. On PostgreSQL the connection is taken out
   * of the pool and given back afterwards; `fn` must use plain statements there, not
   * `db.transaction()` (a postgres.js reserved connection has no `begin`).
   */
  withDedicatedConnection<T>(fn: (db: Database) => Promise<T>): Promise<T>;
}

/** The rows of a raw `db.execute()`: postgres.js answers an array of rows, PGlite an object with `rows`. */
export function rowsOf<T = Record<string, unknown>>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

export const migrationsFolder = path.join(/*turbopackIgnore: true*/ process.cwd(), "db", "migrations");

/** The embedded database lives under the data folder; one process per folder (see data-dir-lock). */
export function dataDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.DATA_DIR || ".data");
}

/**
 * Postgres settings of the embedded database. PGlite's default shared_buffers (128 MB) is resident
 * in the WebAssembly heap from the start and never given back; the working set of this app (tokens
 * and their indexes) is a few MB, and pages beyond the buffers come from the OS file cache. Also
 * given to initdb, so a new folder's postgresql.conf says the same. (PGlite's `initialMemory` cannot
 * help: its module needs at least 128 MB.)
 */
const PGLITE_SETTINGS = ["shared_buffers=16MB"];
const pgliteOptions: PGliteOptions = {
  startParams: [...PGlite.defaultStartParams, ...PGLITE_SETTINGS.flatMap((setting) => ["-c", setting])],
  initDbStartParams: PGLITE_SETTINGS.flatMap((setting) => ["--set", setting]),
};

/**
 * A new data folder is made (and migrated) by a short child process: initdb grows the WebAssembly
 * heap by several hundred MB, which a long-running process would keep, as WebAssembly memory never
 * shrinks.
 */
function createPgliteDataDir(directory: string): void {
  if (fs.existsSync(path.join(directory, "PG_VERSION"))) return;
  if (fs.existsSync(directory) && fs.readdirSync(directory).length > 0) {
    throw new Error(`Could not create the embedded database in ${directory}: the folder is not empty.`);
  }
  fs.mkdirSync(path.dirname(directory), { recursive: true });
  const script = path.join(/*turbopackIgnore: true*/ process.cwd(), "db", "create-pglite-data-dir.mjs");
  const result = spawnSync(process.execPath, [script, directory, JSON.stringify(pgliteOptions), migrationsFolder], {
    encoding: "utf8",
    stdio: ["ignore", "ignore", "pipe"],
  });
  if (result.status !== 0) {
    const reason = result.error?.message ?? result.stderr.trim();
    throw new Error(`Could not create the embedded database in ${directory}: ${reason}`);
  }
}

/** PGlite in `directory` (created on first use), or in memory without one. */
export function openPglite(directory?: string): DatabaseHandle {
  if (directory) createPgliteDataDir(directory);
  const client = new PGlite({ ...pgliteOptions, dataDir: directory });
  const db = drizzlePglite(client, { schema });
  registerPglite(db, client);
  return {
    db,
    driver: "pglite",
    migrate: async () => {
      await migratePglite(db, { migrationsFolder });
    },
    close: () => client.close(),
    withDedicatedConnection: (fn) => fn(db),
  };
}

export function openPostgres(url: string): DatabaseHandle {
  const client = postgres(url, { max: 10, onnotice: () => {} });
  const db = drizzlePostgres(client, { schema });
  registerPostgresJs(db, client);
  return {
    db,
    driver: "postgres",
    migrate: async () => {
      await migratePostgres(db, { migrationsFolder });
    },
    close: () => client.end({ timeout: 5 }),
    withDedicatedConnection: async (fn) => {
      const reserved = await client.reserve();
      try {
        // drizzle() reads `options` (to set its parsers), which postgres.js 3.4 leaves off reserved
        // connections although its types declare it: hand it the pool's (the same parsers apply).
        if (!(reserved as Partial<typeof reserved>).options) Object.assign(reserved, { options: client.options });
        const db = drizzlePostgres(reserved, { schema });
        registerPostgresJs(db, reserved);
        return await fn(db);
      } finally {
        reserved.release();
      }
    },
  };
}

/** Opens the configured database: PostgreSQL when DATABASE_URL is set, else PGlite in DATA_DIR. */
export function openConfiguredDatabase(): DatabaseHandle {
  const url = process.env.DATABASE_URL;
  if (url) return openPostgres(url);
  const dir = dataDir();
  acquireDataDirLock(dir);
  return openPglite(path.join(dir, "pglite"));
}

// The server script and Next's bundled server code are two copies of this module in one process:
// the handle lives on globalThis so both use the same connection (two PGlite instances on one folder
// would silently diverge).
const HANDLE = Symbol.for("tokensmith.database");
type Holder = { [HANDLE]?: DatabaseHandle };

export function setDatabase(handle: DatabaseHandle | undefined): void {
  (globalThis as Holder)[HANDLE] = handle;
}

export function getDatabaseHandle(): DatabaseHandle {
  const holder = globalThis as Holder;
  holder[HANDLE] ??= openConfiguredDatabase();
  return holder[HANDLE];
}

export function getDb(): Database {
  return getDatabaseHandle().db;
}
