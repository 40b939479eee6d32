import { randomBytes } from "node:crypto";
import type { Database } from "@/db/client";
import { countUsers, insertUser } from "@/db/queries/users";
import { recordAudit } from "@/lib/audit/record";
import { clock } from "@/lib/clock";
import { hashPassword, MIN_PASSWORD_LENGTH } from "./password";

/**
 * On an empty database, creates the first administrator, so `npm start` needs no setup. Without
 * INITIAL_ADMIN_PASSWORD a random password is generated and printed once.
 */
export async function ensureInitialAdmin(
  db: Database,
  env: { INITIAL_ADMIN_LOGIN?: string; INITIAL_ADMIN_PASSWORD?: string },
  print: (line: string) => void,
): Promise<void> {
  if ((await countUsers(db)) > 0) return;
  const login = env.INITIAL_ADMIN_LOGIN?.trim() || "admin";
  const given = env.INITIAL_ADMIN_PASSWORD;
  if (given !== undefined && given.length < MIN_PASSWORD_LENGTH) {
    throw new Error(`INITIAL_ADMIN_PASSWORD must be at least ${MIN_PASSWORD_LENGTH} characters.`);
  }
  const password = given ?? randomBytes(18).toString("base64url");
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    await insertUser(tx, { login, name: "Administrator", passwordHash, role: "admin" });
    // Made by the system at first start: no actor, no client address.
    await recordAudit(tx, {
      action: "user.create",
      at: clock.now(),
      actor: null,
      targetLogin: login,
      details: { name: "Administrator", role: "admin", initialAdmin: true },
    });
  });
  if (given === undefined) {
    print(`Created the first administrator. Login: ${login}  Password: ${password}  (shown only this once)`);
  } else {
    print(`Created the first administrator with login '${login}' and the password from INITIAL_ADMIN_PASSWORD.`);
  }
}
