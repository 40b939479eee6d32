import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { readRevealed } from "./support/revealed";

// Runs last (see playwright.config.ts): every token the browser was shown must appear nowhere in
// the database files or in anything the server printed.
const root = path.join(process.cwd(), ".e2e");

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : entry.isFile() ? [full] : [];
  });
}

function filesContaining(files: string[], needle: string): string[] {
  const bytes = Buffer.from(needle, "utf8");
  return files.filter((file) => fs.readFileSync(file).includes(bytes));
}

test("no plaintext token is in the database or the server's output", async () => {
  const revealed = readRevealed();
  expect(revealed.length).toBeGreaterThan(3);
  const dataFiles = filesUnder(path.join(root, "data"));
  const log = path.join(root, "server.log");

  // The scan reads what the database wrote: the names of the tokens are there in plain text
  // (revoked rows may be vacuumed away, so not every one of them need be).
  const namesFound = revealed.filter(({ name }) => filesContaining(dataFiles, name).length > 0);
  expect(namesFound.length, "token names found in the data folder").toBeGreaterThan(0);

  for (const { token, name } of revealed) {
    // No token value anywhere, not even its random part.
    expect(filesContaining(dataFiles, token), `token ${name} in the data folder`).toEqual([]);
    expect(filesContaining(dataFiles, token.slice(4, 36)), `random part of ${name}`).toEqual([]);
    expect(filesContaining([log], token), `token ${name} in the server output`).toEqual([]);
  }
});
