// `npm start`: builds when there is no build or the sources are newer than it, then serves.
// Plain JavaScript run by node, with the server script bundled by esbuild at each start (well under
// a second): serving through the tsx loader would hold about 60 MB more, plus tsx's own process.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { buildSync } from "esbuild";

const root = process.cwd();
const buildId = path.join(root, ".next", "BUILD_ID");
const serverBundle = path.join(root, ".next", "tokensmith-server.cjs");
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

const built = fs.statSync(buildId, { throwIfNoEntry: false });
if (!built || built.mtimeMs < newestSourceMtime()) {
  console.log(built ? "Sources changed since the last build: building..." : "No build yet: building...");
  const result = spawnSync("npx", ["next", "build"], {
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// Packages stay in node_modules; the app's own modules (scripts/, lib/, db/) go into the bundle.
buildSync({
  entryPoints: [path.join(root, "scripts", "server.ts")],
  outfile: serverBundle,
  bundle: true,
  platform: "node",
  format: "cjs",
  packages: "external",
  logLevel: "warning",
});
process.env.NODE_ENV = "production";
await import(pathToFileURL(serverBundle).href);
