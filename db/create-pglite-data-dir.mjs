// Creates a new, migrated PGlite data folder; db/client.ts runs it as a short child process:
//   node db/create-pglite-data-dir.mjs <folder> '<PGlite options as JSON>' <migrations folder>
// initdb grows the process to about 550 MB and the first migration by another 50, and WebAssembly
// memory never shrinks: the server must not do either itself. Plain JavaScript, so that the child
// needs no TypeScript loader (tsx would add about 40 MB and an esbuild process to its peak).
import fs from "node:fs";
import path from "node:path";
import { argv, pid } from "node:process";
import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";

const [folder, optionsJson, migrationsFolder] = argv.slice(2);
if (!folder || !optionsJson || !migrationsFolder) {
  throw new Error("usage: create-pglite-data-dir.mjs <folder> <options as JSON> <migrations folder>");
}

// initdb in memory, then the files are copied out. Given a folder, PGlite would run initdb in a
// second, in-memory instance anyway and move the result over as a tar archive: about 180 MB more.
const pg = await PGlite.create("memory://", JSON.parse(optionsJson));
await migrate(drizzle(pg), { migrationsFolder });
// Closing shuts Postgres down cleanly (a final checkpoint); its in-memory files stay readable
// through the file system object taken before.
const { FS } = pg.Module;
await pg.close();

function copy(from, to) {
  fs.mkdirSync(to, { mode: 0o700 });
  for (const name of FS.readdir(from)) {
    if (name === "." || name === "..") continue;
    const source = `${from}/${name}`;
    const { mode } = FS.lstat(source);
    if (FS.isDir(mode)) copy(source, path.join(to, name));
    else if (FS.isFile(mode)) fs.writeFileSync(path.join(to, name), FS.readFile(source), { mode: 0o600 });
    else throw new Error(`Unexpected file type in the new data folder: ${source}`);
  }
}

// Written beside the folder, then renamed into place: a crash leaves no half-made database.
const staging = `${folder}.creating-${pid}`;
try {
  copy(PGlite.paths.PGDATA, staging);
  fs.renameSync(staging, folder);
} finally {
  fs.rmSync(staging, { recursive: true, force: true });
}
