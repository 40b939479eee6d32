import fs from "node:fs";
import path from "node:path";

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * PGlite has no lock between processes: a second process on the same folder would silently corrupt
 * it. A lock file holding the owner's pid makes a second process refuse instead.
 */
export function acquireDataDirLock(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  const lockFile = path.join(dir, "tokensmith.pid");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: "wx" });
      const release = () => {
        try {
          if (fs.readFileSync(lockFile, "utf8") === String(process.pid)) fs.unlinkSync(lockFile);
        } catch {
          // already gone
        }
      };
      process.once("exit", release);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number(fs.readFileSync(lockFile, "utf8").trim());
      if (owner === process.pid) return;
      if (Number.isInteger(owner) && owner > 0 && isRunning(owner)) {
        throw new Error(
          `The data folder ${dir} is in use by another Tokensmith process (pid ${owner}). ` +
            "Stop it first, or set DATA_DIR to another folder.",
          { cause: error },
        );
      }
      fs.unlinkSync(lockFile); // stale: its owner is gone
    }
  }
  throw new Error(`Could not lock the data folder ${dir}.`);
}
