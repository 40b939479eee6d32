import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { countUsers, findUserByLogin, insertUser } from "@/db/queries/users";
import { users } from "@/db/schema";
import { ensureInitialAdmin } from "@/lib/auth/initial-admin";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { testDatabases } from "./databases";

describe.each(testDatabases())("first administrator on $name", (target) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await target.open();
  });
  afterAll(async () => {
    await handle?.close();
  });
  beforeEach(async () => {
    await handle.db.delete(users);
  });

  it("creates admin with a random password printed once, which then works", async () => {
    const printed: string[] = [];
    await ensureInitialAdmin(handle.db, {}, (line) => printed.push(line));
    expect(printed).toHaveLength(1);
    const password = /Password: (\S+)/.exec(printed[0] ?? "")?.[1];
    expect(password).toBeDefined();
    expect(password?.length).toBeGreaterThanOrEqual(16);
    const admin = await findUserByLogin(handle.db, "admin");
    expect(admin?.role).toBe("admin");
    expect(admin?.passwordHash).not.toContain(password);
    expect(await verifyPassword(admin?.passwordHash, password ?? "")).toBe(true);
    expect(await verifyPassword(admin?.passwordHash, `${password}x`)).toBe(false);

    // A second start does nothing and prints nothing.
    await ensureInitialAdmin(handle.db, {}, (line) => printed.push(line));
    expect(printed).toHaveLength(1);
    expect(await countUsers(handle.db)).toBe(1);
    const again = await findUserByLogin(handle.db, "admin");
    expect(again?.passwordHash).toBe(admin?.passwordHash);
  });

  it("draws a different random password each time", async () => {
    const printed: string[] = [];
    await ensureInitialAdmin(handle.db, {}, (line) => printed.push(line));
    await handle.db.delete(users);
    await ensureInitialAdmin(handle.db, {}, (line) => printed.push(line));
    const [a, b] = printed.map((line) => /Password: (\S+)/.exec(line)?.[1]);
    expect(a).toBeDefined();
    expect(a).not.toBe(b);
  });

  it("uses INITIAL_ADMIN_LOGIN and INITIAL_ADMIN_PASSWORD without printing the password", async () => {
    const printed: string[] = [];
    const env = { INITIAL_ADMIN_LOGIN: "boss", INITIAL_ADMIN_PASSWORD: "correct horse battery" };
    await ensureInitialAdmin(handle.db, env, (line) => printed.push(line));
    const boss = await findUserByLogin(handle.db, "boss");
    expect(boss?.role).toBe("admin");
    expect(await verifyPassword(boss?.passwordHash, "correct horse battery")).toBe(true);
    expect(printed.join("\n")).not.toContain("correct horse battery");
    expect(await findUserByLogin(handle.db, "admin")).toBeUndefined();
  });

  it("refuses a given password shorter than 8 characters, creating nobody", async () => {
    await expect(ensureInitialAdmin(handle.db, { INITIAL_ADMIN_PASSWORD: "short" }, () => {})).rejects.toThrow(
      /at least 8/,
    );
    expect(await countUsers(handle.db)).toBe(0);
  });

  it("does nothing on a database that already has users", async () => {
    const passwordHash = await hashPassword("password-1");
    await insertUser(handle.db, { login: "someone", name: "S", passwordHash, role: "user" });
    const printed: string[] = [];
    await ensureInitialAdmin(handle.db, { INITIAL_ADMIN_PASSWORD: "another password" }, (line) => printed.push(line));
    expect(printed).toEqual([]);
    expect(await countUsers(handle.db)).toBe(1);
    expect(await findUserByLogin(handle.db, "admin")).toBeUndefined();
  });
});
