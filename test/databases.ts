import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { openPglite, openPostgres, setDatabase, type DatabaseHandle } from "@/db/client";

export interface TestDatabase {
  name: "pglite" | "postgres";
  open(): Promise<DatabaseHandle>;
}

/**
 * The databases the integration suites run on: PGlite always, PostgreSQL too when
 * TEST_DATABASE_URL is set. Each open() gives a fresh, migrated, empty database.
 */
export function testDatabases(): TestDatabase[] {
  const list: TestDatabase[] = [
    {
      name: "pglite",
      open: async () => {
        const handle = openPglite();
        await handle.migrate();
        return handle;
      },
    },
  ];
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const host = new URL(url).hostname;
    if (!["localhost", "127.0.0.1", "::1", "[::1]"].includes(host)) {
      throw new Error(`TEST_DATABASE_URL must point at localhost, not ${host}.`);
    }
    list.push({
      name: "postgres",
      open: async () => {
        // A throwaway database per suite, so suites running in parallel never see each other's rows.
        const dbName = `tokensmith_test_${randomBytes(6).toString("hex")}`;
        const admin = postgres(url, { max: 1, onnotice: () => {} });
        await admin.unsafe(`create database ${dbName}`);
        await admin.end();
        const testUrl = new URL(url);
        testUrl.pathname = `/${dbName}`;
        const handle = openPostgres(testUrl.toString());
        await handle.migrate();
        return {
          ...handle,
          close: async () => {
            await handle.close();
            const cleanup = postgres(url, { max: 1, onnotice: () => {} });
            await cleanup.unsafe(`drop database if exists ${dbName} with (force)`);
            await cleanup.end();
          },
        };
      },
    });
  }
  return list;
}

/** Opens a test database and makes it the one route handlers use (they call getDb()). */
export async function useTestDatabase(target: TestDatabase): Promise<DatabaseHandle> {
  const handle = await target.open();
  setDatabase(handle);
  return handle;
}
