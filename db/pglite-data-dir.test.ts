import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { openPglite, rowsOf, type DatabaseHandle } from "./client";
import { countUsers, insertUser } from "./queries/users";

const dirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tokensmith-pglite-"));
  dirs.push(dir);
  return dir;
};

afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

async function sharedBuffers(handle: DatabaseHandle): Promise<unknown> {
  return rowsOf<{ shared_buffers: string }>(await handle.db.execute(sql`show shared_buffers`))[0]?.shared_buffers;
}

const MB = 2 ** 20;

// Each test creates a data folder: initdb takes several seconds.
describe("the embedded database's data folder", { timeout: 180_000 }, () => {
  it("is created and migrated by a child process, keeping initdb's memory out of this one", async () => {
    const folder = path.join(tempDir(), "nested", "pglite");
    const before = process.memoryUsage().rss;
    const handle = openPglite(folder);
    try {
      expect(await sharedBuffers(handle)).toBe("16MB");
      // initdb in this process would add about 600 MB that WebAssembly memory never gives back.
      expect((process.memoryUsage().rss - before) / MB).toBeLessThan(300);
      // Migrated already: the schema is there before this process migrates anything.
      expect(await countUsers(handle.db)).toBe(0);
      await insertUser(handle.db, { login: "kept", name: "Kept", passwordHash: "x", role: "user" });
    } finally {
      await handle.close();
    }
    expect(fs.statSync(folder).mode & 0o777).toBe(0o700);
    expect(fs.readdirSync(path.dirname(folder))).toEqual(["pglite"]);

    const reopened = openPglite(folder);
    try {
      await reopened.migrate();
      expect(await countUsers(reopened.db)).toBe(1);
    } finally {
      await reopened.close();
    }
  });

  it("opens a folder whose postgresql.conf has PGlite's default shared buffers with the small ones", async () => {
    const folder = path.join(tempDir(), "pglite");
    await openPglite(folder).close();
    const conf = path.join(folder, "postgresql.conf");
    const text = fs.readFileSync(conf, "utf8");
    expect(text).toMatch(/^shared_buffers = 16MB/m);
    fs.writeFileSync(conf, text.replace(/^shared_buffers = 16MB/m, "shared_buffers = 128MB"));
    const handle = openPglite(folder);
    try {
      expect(await sharedBuffers(handle)).toBe("16MB");
    } finally {
      await handle.close();
    }
  });

  it("refuses a folder that holds something else, leaving it as it was", async () => {
    const parent = tempDir();
    const folder = path.join(parent, "pglite");
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, "notes.txt"), "mine");
    expect(() => openPglite(folder)).toThrow(`Could not create the embedded database in ${folder}`);
    expect(fs.readdirSync(folder)).toEqual(["notes.txt"]);
    expect(fs.readdirSync(parent)).toEqual(["pglite"]);
  });
});
