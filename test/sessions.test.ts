import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { getServerSession, type Session } from "next-auth";
import type { JWT } from "next-auth/jwt";
import type { CredentialsConfig } from "next-auth/providers/credentials";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { logOutOtherSessionsAction } from "@/app/(app)/account/security/actions";
import { sessions } from "@/db/schema";
import { authOptions } from "@/lib/auth/options";
import { currentUser, requireUser } from "@/lib/auth/session";
import { checkSession, SESSION_TOUCH_THROTTLE_MS, startSession } from "@/lib/auth/sessions";
import { CLIENT_IP_HEADER } from "@/lib/client-ip";
import { clock } from "@/lib/clock";
import { sweepTokens } from "@/lib/tokens/sweeper";
import { advance, apiSuite, insertQuickUser, passwordOf, T0, webApi } from "./api";
import { testDatabases } from "./databases";

// The guards read the session through next-auth; revalidation needs Next's runtime.
vi.mock("next-auth", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next-auth")>()),
  getServerSession: vi.fn(),
}));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const HOUR_MS = 3_600_000;
const FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** The sign-in form's path through next-auth: the credentials check, then the JWT it issues. */
async function signInThroughNextAuth(login: string, password: string, ip: string): Promise<JWT> {
  const provider = authOptions.providers[0] as unknown as { options: CredentialsConfig };
  const headers = { [CLIENT_IP_HEADER]: ip, "user-agent": FIREFOX };
  const user = await provider.options.authorize({ login, password }, { headers });
  if (!user) throw new Error("sign-in refused");
  const jwt = authOptions.callbacks?.jwt;
  if (!jwt) throw new Error("no jwt callback");
  return jwt({ token: {}, user, account: null, trigger: "signIn" });
}

/** What the guards get from next-auth for a browser holding this JWT. */
function browserHolds(token: JWT): void {
  vi.mocked(getServerSession).mockResolvedValue({
    user: { id: token.sub },
    sessionSecret: token.sid,
    expires: "2099-01-01",
  } satisfies Session);
}

/** What `Log out` does: next-auth's sign-out route calls this event with the decoded JWT. */
async function logOut(token: JWT): Promise<void> {
  await authOptions.events?.signOut?.({ token, session: { user: {}, expires: "" } });
}

/** What a page guard threw: Next's redirect, identified by its digest. */
async function redirectOf(page: Promise<unknown>): Promise<string> {
  try {
    await page;
  } catch (error) {
    const digest = (error as { digest?: unknown }).digest;
    if (typeof digest === "string" && digest.startsWith("NEXT_REDIRECT")) return digest.split(";")[2] ?? "";
    throw error;
  }
  return "no redirect";
}

describe.each(testDatabases())("sessions on $name", (target) => {
  const suite = apiSuite(target);
  const sessionsOf = (userId: string) => suite.db.select().from(sessions).where(eq(sessions.userId, userId));

  beforeEach(async () => {
    await suite.db.delete(sessions);
  });
  afterEach(() => {
    vi.mocked(getServerSession).mockReset();
  });

  it("sign-in records a session (address, browser); the JWT carries its secret, the database only its hash", async () => {
    const { alice } = suite.users;
    const token = await signInThroughNextAuth(alice.user.login, alice.password, "198.51.100.4");
    expect(token.sub).toBe(alice.user.id);
    expect(token.sid).toMatch(/^[\w-]{43}$/);
    const [row, ...more] = await sessionsOf(alice.user.id);
    expect(more).toEqual([]);
    expect(row).toMatchObject({
      secretHash: sha256(token.sid ?? ""),
      clientIp: "198.51.100.4",
      userAgent: FIREFOX,
      createdAt: T0,
      lastSeenAt: T0,
    });
    expect(JSON.stringify(row)).not.toContain(token.sid);
    // The JWT refresh keeps the secret; what the browser reads from /api/auth/session never holds it.
    expect(await authOptions.callbacks?.jwt?.({ token, account: null, user: undefined as never })).toMatchObject({
      sid: token.sid,
    });
    const answer = await authOptions.callbacks?.session?.({
      session: { user: {}, expires: "2099-01-01" },
      token,
      user: undefined as never,
      newSession: undefined,
      trigger: "update",
    });
    expect(JSON.stringify(answer)).not.toContain(token.sid);
  });

  it("Log out ends the session at once: the same cookie opens no page and runs no action", async () => {
    const { alice } = suite.users;
    const token = await signInThroughNextAuth(alice.user.login, alice.password, "198.51.100.4");
    browserHolds(token);
    expect((await currentUser())?.id).toBe(alice.user.id);

    await logOut(token);
    expect(await sessionsOf(alice.user.id)).toEqual([]);
    expect(await currentUser()).toBeNull();
    expect(await redirectOf(requireUser())).toBe("/login");
    expect(await logOutOtherSessionsAction(null, {})).toEqual({
      ok: false,
      error: "Your session has ended. Log in again.",
      fieldErrors: {},
    });
  });

  it("a forged secret, or a genuine one presented for another user, opens nothing", async () => {
    const { alice, bob } = suite.users;
    const token = await signInThroughNextAuth(alice.user.login, alice.password, "198.51.100.4");
    browserHolds({ ...token, sid: "x".repeat(43) });
    expect(await currentUser()).toBeNull();
    browserHolds({ ...token, sub: bob.user.id });
    expect(await currentUser()).toBeNull();
  });

  it("deleting a user deletes their sessions, and their cookie is refused", async () => {
    const carol = await insertQuickUser(suite.db, `carol-${Date.now()}`);
    const token = await signInThroughNextAuth(carol.user.login, carol.password, "198.51.100.4");
    browserHolds(token);
    expect((await currentUser())?.id).toBe(carol.user.id);

    const res = await webApi.usersDelete({ auth: passwordOf(suite.users.admin), form: { login: carol.user.login } });
    expect(res.status).toBeLessThan(300);
    expect(await sessionsOf(carol.user.id)).toEqual([]);
    expect(await currentUser()).toBeNull();
  });

  it("records when and from where a session was last seen, at most once a minute", async () => {
    const { alice } = suite.users;
    const secret = await startSession(suite.db, {
      userId: alice.user.id,
      client: { clientIp: "192.0.2.1", userAgent: "first" },
      now: T0,
    });
    const seenFrom = (clientIp: string) => ({
      secret,
      userId: alice.user.id,
      now: clock.now(),
      client: async () => ({ clientIp, userAgent: FIREFOX }),
    });

    advance(SESSION_TOUCH_THROTTLE_MS - 1);
    expect(await checkSession(suite.db, seenFrom("192.0.2.2"))).not.toBeNull();
    expect(await sessionsOf(alice.user.id)).toMatchObject([
      { lastSeenAt: T0, clientIp: "192.0.2.1", userAgent: "first" },
    ]);

    advance(1);
    const seenAt = clock.now();
    expect(await checkSession(suite.db, seenFrom("192.0.2.3"))).not.toBeNull();
    expect(await sessionsOf(alice.user.id)).toMatchObject([
      { lastSeenAt: seenAt, clientIp: "192.0.2.3", userAgent: FIREFOX },
    ]);

    // Seen again within the minute: no write, so the row keeps the previous request's address.
    advance(30_000);
    expect(await checkSession(suite.db, seenFrom("192.0.2.4"))).not.toBeNull();
    expect(await sessionsOf(alice.user.id)).toMatchObject([{ lastSeenAt: seenAt, clientIp: "192.0.2.3" }]);
  });

  it("ends 12 hours after sign-in however recently it was seen; the sweeper or the next sign-in deletes its row", async () => {
    const { alice, bob } = suite.users;
    const token = await signInThroughNextAuth(alice.user.login, alice.password, "198.51.100.4");
    browserHolds(token);
    for (let hour = 1; hour < 12; hour++) {
      advance(HOUR_MS);
      expect((await currentUser())?.id).toBe(alice.user.id);
    }
    advance(HOUR_MS);
    expect(await currentUser()).toBeNull();
    expect(await sessionsOf(alice.user.id)).toHaveLength(1);

    await signInThroughNextAuth(bob.user.login, bob.password, "198.51.100.5");
    expect(await sessionsOf(alice.user.id)).toEqual([]);

    // With no sign-in for a while, the sweeper removes the ended rows and keeps the live ones.
    const later = await signInThroughNextAuth(alice.user.login, alice.password, "198.51.100.6");
    browserHolds(later);
    advance(HOUR_MS);
    expect(await sweepTokens(suite.handle, clock.now())).toMatchObject({ removedSessions: 0 });
    advance(11 * HOUR_MS);
    expect(await sweepTokens(suite.handle, clock.now())).toMatchObject({ removedSessions: 2 });
    expect([...(await sessionsOf(alice.user.id)), ...(await sessionsOf(bob.user.id))]).toEqual([]);
  });

  it("Log out other sessions ends every other session of this user only; this one keeps working", async () => {
    const { alice, bob } = suite.users;
    const here = await signInThroughNextAuth(alice.user.login, alice.password, "198.51.100.4");
    const laptop = await signInThroughNextAuth(alice.user.login, alice.password, "198.51.100.5");
    const phone = await signInThroughNextAuth(alice.user.login, alice.password, "198.51.100.6");
    const bobs = await signInThroughNextAuth(bob.user.login, bob.password, "198.51.100.7");

    browserHolds(here);
    // Unknown input is dropped by the schema: the client cannot name whose sessions end.
    expect(await logOutOtherSessionsAction(null, { userId: bob.user.id })).toEqual({ ok: true, ended: 2 });
    expect(await sessionsOf(alice.user.id)).toMatchObject([{ secretHash: sha256(here.sid ?? "") }]);
    expect((await currentUser())?.id).toBe(alice.user.id);
    for (const ended of [laptop, phone]) {
      browserHolds(ended);
      expect(await currentUser()).toBeNull();
    }
    browserHolds(bobs);
    expect((await currentUser())?.id).toBe(bob.user.id);
  });
});
