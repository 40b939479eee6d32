import "server-only";
import { getServerSession } from "next-auth";
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/db/client";
import type { LiveSession, SessionClient } from "@/db/queries/sessions";
import type { User } from "@/db/schema";
import { clientIpOf } from "@/lib/client-ip";
import { clock } from "@/lib/clock";
import { guardAuthOptions } from "./options";
import { checkSession, sessionClient } from "./sessions";

async function requestClient(): Promise<SessionClient> {
  try {
    const h = await headers();
    return sessionClient(clientIpOf(h), h.get("user-agent"));
  } catch {
    // Outside a request (integration tests call pages and actions directly) there is no client.
    return { clientIp: null, userAgent: null };
  }
}

/**
 * The signed-in user and their session, loaded from the database in one query (an ended session, a
 * deleted user or a changed role counts at once), or null. Once per request: the layout and the
 * page (or an action) that both ask share the answer (React's `cache`, which outside a render
 * asks each time).
 */
export const currentSession = cache(async (): Promise<LiveSession | null> => {
  const session = await getServerSession(guardAuthOptions);
  const userId = session?.user?.id;
  const secret = session?.sessionSecret;
  if (typeof userId !== "string" || typeof secret !== "string") return null;
  return checkSession(getDb(), { secret, userId, now: clock.now(), client: requestClient });
});

/** The signed-in user, loaded from the database with their session, or null. */
export async function currentUser(): Promise<User | null> {
  return (await currentSession())?.user ?? null;
}

/** For pages: the signed-in user and their session, or a redirect to /login. */
export async function requireSession(): Promise<LiveSession> {
  const live = await currentSession();
  if (!live) redirect("/login");
  return live;
}

/** For pages: the signed-in user, or a redirect to /login. */
export async function requireUser(): Promise<User> {
  return (await requireSession()).user;
}

/** For administration pages: the signed-in admin; a 403 page for anyone else signed in. */
export async function requireAdmin(): Promise<User> {
  const user = await requireUser();
  if (user.role !== "admin") forbidden();
  return user;
}
