import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { acquireDataDirLock } from "./data-dir-lock";

const dirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tokensmith-lock-"));
  dirs.push(dir);
  return dir;
};

afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe("the data folder lock", () => {
  it("refuses a folder held by another running process, naming its pid", async () => {
    const dir = tempDir();
    const other = spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)"]);
    try {
      fs.writeFileSync(path.join(dir, "tokensmith.pid"), String(other.pid));
      expect(() => acquireDataDirLock(dir)).toThrow(`in use by another Tokensmith process (pid ${other.pid})`);
    } finally {
      other.kill();
    }
  });

  it("takes over a lock whose process is gone", async () => {
    const dir = tempDir();
    const gone = spawn(process.execPath, ["-e", ""]);
    await new Promise((resolve) => gone.on("exit", resolve));
    fs.writeFileSync(path.join(dir, "tokensmith.pid"), String(gone.pid));
    acquireDataDirLock(dir);
    expect(fs.readFileSync(path.join(dir, "tokensmith.pid"), "utf8")).toBe(String(process.pid));
  });

  it("writes this process's pid into a new folder", () => {
    const dir = path.join(tempDir(), "nested", "data");
    acquireDataDirLock(dir);
    expect(fs.readFileSync(path.join(dir, "tokensmith.pid"), "utf8")).toBe(String(process.pid));
  });
});
