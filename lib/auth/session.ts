import "server-only";
import { getServerSession } from "next-auth";
import { forbidden, redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { findUserById } from "@/db/queries/users";
import type { User } from "@/db/schema";
import { authOptions } from "./options";

/** The signed-in user, loaded from the database (a deleted user or changed role counts at once), or null. */
export async function currentUser(): Promise<User | null> {
  const session = await getServerSession(authOptions);
  const id = session?.user?.id;
  if (typeof id !== "string") return null;
  return (await findUserById(getDb(), id)) ?? null;
}

/** For pages: the signed-in user, or a redirect to /login. */
export async function requireUser(): Promise<User> {
  const user = await currentUser();
  if (!user) redirect("/login");
  return user;
}

/** For administration pages: the signed-in admin; a 403 page for anyone else signed in. */
export async function requireAdmin(): Promise<User> {
  const user = await requireUser();
  if (user.role !== "admin") forbidden();
  return user;
}
