import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pgliteEngine, postgresEngine, startServer, type BenchDatabase, type Engine } from "@/bench/http-server";
import { buildState } from "@/scripts/build-if-needed.mjs";

/**
 * Real server processes (scripts/server.ts on the production build, as bench/http-server.ts starts
 * them) for the tests that must see what a client of a deployment sees.
 */
export type ProductionServer = Awaited<ReturnType<typeof startServer>>;

/** Fails at once, saying what to do, when the build is missing or older than the sources. */
export function requireCurrentBuild(): void {
  const state = buildState();
  if (state !== "current") {
    throw new Error(
      `The production build is ${state}: run \`node scripts/build-if-needed.mjs\` first (\`npm test\` does).`,
    );
  }
}

/** A throwaway PostgreSQL database (in TEST_DATABASE_URL's server, else in a server of its own) and its folder. */
export async function throwawayPostgres(): Promise<{
  engine: Engine;
  database: BenchDatabase;
  dispose(): Promise<void>;
}> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tokensmith-test-"));
  const engine = await postgresEngine(tmp, process.env.TEST_DATABASE_URL);
  return {
    engine,
    database: await engine.database("instances"),
    dispose: async () => {
      await engine.dispose();
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** Starts a production server on `database`, with a data folder of its own (`tag`) and `env`. */
export function startProductionServer(
  database: BenchDatabase,
  tag: string,
  env: Record<string, string> = {},
): Promise<ProductionServer> {
  return startServer({ ...database, dataDir: path.join(database.dataDir, tag) }, { env });
}

/**
 * A production server on an embedded database of its own, in a temporary folder; `dispose` stops
 * it and removes the folder.
 */
export async function startEmbeddedProductionServer(
  name: string,
  env: Record<string, string> = {},
): Promise<{ server: ProductionServer; dispose: () => Promise<void> }> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `tokensmith-${name}-`));
  const server = await startProductionServer(await pgliteEngine(tmp).database(name), "server", env);
  return {
    server,
    dispose: async () => {
      await server.stop();
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}
