import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/** `npm start`: builds when there is no build or the sources are newer than it, then serves. */
const root = process.cwd();
const buildId = path.join(root, ".next", "BUILD_ID");
const sourceDirs = ["app", "components", "lib", "db"];
const sourceFiles = ["package.json", "next.config.ts", "postcss.config.mjs"];

function newestSourceMtime(): number {
  let newest = 0;
  const visit = (p: string) => {
    const stat = fs.statSync(p, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) for (const entry of fs.readdirSync(p)) visit(path.join(p, entry));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const entry of [...sourceDirs, ...sourceFiles]) visit(path.join(root, entry));
  return newest;
}

const built = fs.statSync(buildId, { throwIfNoEntry: false });
if (!built || built.mtimeMs < newestSourceMtime()) {
  console.log(built ? "Sources changed since the last build: building..." : "No build yet: building...");
  const result = spawnSync("npx", ["next", "build"], {
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

(process.env as Record<string, string>).NODE_ENV = "production";
void import("./server");
