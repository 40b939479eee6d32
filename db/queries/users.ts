import { count, eq } from "drizzle-orm";
import type { Database } from "../client";
import { users, type User, type UserRole } from "../schema";

export async function findUserById(db: Database, id: string): Promise<User | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row;
}

export async function findUserByLogin(db: Database, login: string): Promise<User | undefined> {
  const [row] = await db.select().from(users).where(eq(users.login, login));
  return row;
}

export async function countUsers(db: Database): Promise<number> {
  const [row] = await db.select({ n: count() }).from(users);
  return row?.n ?? 0;
}

export interface NewUser {
  login: string;
  name: string;
  email?: string | null;
  passwordHash: string;
  role: UserRole;
}

export async function insertUser(db: Database, user: NewUser): Promise<User> {
  const [row] = await db.insert(users).values(user).returning();
  if (!row) throw new Error("insert returned no row");
  return row;
}

export async function recordSignIn(db: Database, userId: string, at: Date): Promise<void> {
  await db.update(users).set({ lastSignInAt: at }).where(eq(users.id, userId));
}
