// The production build's freshness, shared by `npm start` and the tests that serve the build: the
// build is current when .next/BUILD_ID is newer than every source file. Run directly
// (`node scripts/build-if-needed.mjs`, as `npm test` does) it builds when it is not.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const buildId = path.join(root, ".next", "BUILD_ID");
const sourceDirs = ["app", "components", "lib", "db"];
const sourceFiles = ["package.json", "next.config.mjs", "postcss.config.mjs"];

function newestSourceMtime() {
  let newest = 0;
  const visit = (p) => {
    const stat = fs.statSync(p, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) for (const entry of fs.readdirSync(p)) visit(path.join(p, entry));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const entry of [...sourceDirs, ...sourceFiles]) visit(path.join(root, entry));
  return newest;
}

/** "current", or why a build is needed: "missing" (no build yet) or "stale" (sources changed since). */
export function buildState() {
  const built = fs.statSync(buildId, { throwIfNoEntry: false });
  if (!built) return "missing";
  return built.mtimeMs < newestSourceMtime() ? "stale" : "current";
}

/** Runs `next build` unless the build is current; exits the process if the build fails. */
export function buildIfNeeded() {
  const state = buildState();
  if (state === "current") return;
  console.log(state === "stale" ? "Sources changed since the last build: building..." : "No build yet: building...");
  const result = spawnSync("npx", ["next", "build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) buildIfNeeded();
