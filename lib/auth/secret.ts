import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** AUTH_SECRET if set; otherwise a secret generated on first start and kept in the data folder. */
export function loadSessionSecret(dataDir: string, env: { AUTH_SECRET?: string; NEXTAUTH_SECRET?: string }): string {
  const given = env.AUTH_SECRET || env.NEXTAUTH_SECRET;
  if (given) return given;
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, "auth-secret");
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const secret = randomBytes(32).toString("base64url");
  fs.writeFileSync(file, secret, { mode: 0o600, flag: "wx" });
  return secret;
}
