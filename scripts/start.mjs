// `npm start`: builds when there is no build or the sources are newer than it, then serves.
// Plain JavaScript run by node, with the server script bundled by esbuild at each start (well under
// a second): serving through the tsx loader would hold about 60 MB more, plus tsx's own process.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { buildSync } from "esbuild";
import { buildIfNeeded } from "./build-if-needed.mjs";

const root = process.cwd();
const serverBundle = path.join(root, ".next", "tokensmith-server.cjs");

buildIfNeeded();

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
