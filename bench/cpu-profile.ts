/**
 * Reads a V8 CPU profile (`node --cpu-prof`) of the server and says where its time went, by package:
 * Next.js bundles its server dependencies (drizzle among them) into .next chunks, so bundled frames
 * are mapped back to their original files through the chunks' source maps.
 */
import fs from "node:fs";
import { SourceMap, type SourceMapPayload } from "node:module";
import { fileURLToPath } from "node:url";

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

export interface CpuProfile {
  nodes: { id: number; callFrame: CallFrame }[];
  /** Microseconds, on the same monotonic clock as `process.hrtime`. */
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const NATIVE = "node core + native (sockets, buffers, V8 builtins)";
const IDLE = "(idle)";

const maps = new Map<string, SourceMap | null>();

function sourceMapOf(file: string): SourceMap | null {
  if (!maps.has(file)) {
    let map: SourceMap | null;
    try {
      map = new SourceMap(JSON.parse(fs.readFileSync(`${file}.map`, "utf8")) as SourceMapPayload);
    } catch {
      map = null; // no map next to it: the frame stays in its bundle
    }
    maps.set(file, map);
  }
  return maps.get(file) ?? null;
}

/** Where a frame's code was written: its original file (through a source map) and line. */
function originOf(frame: CallFrame): { source: string; line: number } {
  const file = frame.url.startsWith("file://") ? fileURLToPath(frame.url) : frame.url;
  if (file.includes("/.next/")) {
    const entry = sourceMapOf(file)?.findEntry(frame.lineNumber, frame.columnNumber);
    if (entry && "originalSource" in entry) return { source: entry.originalSource, line: entry.originalLine + 1 };
  }
  return { source: file, line: frame.lineNumber + 1 };
}

function packageOf(frame: CallFrame, source: string): string {
  if (frame.functionName === "(idle)") return IDLE;
  if (frame.functionName === "(garbage collector)") return "garbage collection";
  if (frame.url.startsWith("wasm://")) return "@electric-sql/pglite (its Postgres, in WebAssembly)";
  if (!frame.url || frame.url.startsWith("node:")) return NATIVE;
  const at = source.lastIndexOf("node_modules/");
  if (at >= 0) {
    const [scope = "", name = ""] = source.slice(at + "node_modules/".length).split("/");
    return scope.startsWith("@") ? `${scope}/${name}` : scope;
  }
  if (source.includes("/.next/")) return "app bundle (unmapped)";
  return "app code (app, lib, db, scripts)";
}

export interface Summary {
  /** Microseconds of CPU per request, by package, largest first; idle time left out. */
  packages: { name: string; us: number }[];
  functions: { name: string; where: string; pkg: string; us: number }[];
  totalUs: number;
}

/** Self time between `from` and `to` (the profile's clock, µs), divided among `requests`. */
export function summarise(profile: CpuProfile, window: { from: number; to: number }, requests: number): Summary {
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, { name: string; where: string; pkg: string; us: number }>();
  let time = profile.startTime;
  profile.samples.forEach((id, i) => {
    time += profile.timeDeltas[i] ?? 0;
    // A sample stands for the time until the next one.
    const weight = profile.timeDeltas[i + 1] ?? 0;
    const frame = frames.get(id);
    if (!frame || time < window.from || time > window.to) return;
    const { source, line } = originOf(frame);
    const pkg = packageOf(frame, source);
    if (pkg === IDLE) return;
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + weight);
    const where = source ? `${source.replace(/^.*node_modules\//, "").replace(/^.*\[project\]\//, "")}:${line}` : "";
    const key = `${frame.functionName}|${where}`;
    const entry = byFunction.get(key) ?? { name: frame.functionName || "(anonymous)", where, pkg, us: 0 };
    entry.us += weight;
    byFunction.set(key, entry);
  });
  const perRequest = (us: number) => us / Math.max(1, requests);
  const packages = [...byPackage].map(([name, us]) => ({ name, us: perRequest(us) })).sort((a, b) => b.us - a.us);
  const functions = [...byFunction.values()]
    .map((entry) => ({ ...entry, us: perRequest(entry.us) }))
    .sort((a, b) => b.us - a.us);
  return { packages, functions, totalUs: packages.reduce((sum, p) => sum + p.us, 0) };
}

/** One column per summary (a route), one row per package, and the difference of the last two columns named. */
export function printTable(columns: { label: string; summary: Summary }[]): void {
  const names = [...new Set(columns.flatMap(({ summary }) => summary.packages.map((p) => p.name)))];
  const usOf = (summary: Summary, name: string) => summary.packages.find((p) => p.name === name)?.us ?? 0;
  const width = Math.max(...columns.map(({ label }) => label.length), 8);
  console.log(
    `  ${"server CPU per request (µs, self time)".padEnd(56)} ${columns.map(({ label }) => label.padStart(width)).join(" ")}`,
  );
  const row = (name: string, values: number[]) =>
    console.log(`  ${name.padEnd(56)} ${values.map((us) => us.toFixed(0).padStart(width)).join(" ")}`);
  for (const name of names)
    row(
      name,
      columns.map(({ summary }) => usOf(summary, name)),
    );
  row(
    "total",
    columns.map(({ summary }) => summary.totalUs),
  );
}

export function printTopFunctions(label: string, summary: Summary, count: number): void {
  console.log(`  ${label}: top ${count} functions (self time, µs per request)`);
  for (const f of summary.functions.slice(0, count)) {
    console.log(
      `    ${f.us.toFixed(1).padStart(6)}  ${f.name.slice(0, 40).padEnd(40)} ${f.pkg.slice(0, 24).padEnd(24)} ${f.where}`,
    );
  }
}
