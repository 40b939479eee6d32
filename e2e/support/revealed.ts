import fs from "node:fs";
import path from "node:path";

/** Every token value the browser was shown, kept for the leak scan that runs last. */
const file = path.join(process.cwd(), ".e2e", "revealed-tokens.jsonl");

export function recordRevealed(token: string, name: string): void {
  fs.appendFileSync(file, JSON.stringify({ token, name }) + "\n");
}

export function readRevealed(): { token: string; name: string }[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { token: string; name: string });
}
