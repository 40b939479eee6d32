import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { dismissNotice, listLiveNotices } from "@/db/queries/notices";
import { notices, users, type Notice } from "@/db/schema";
import { clock } from "@/lib/clock";
import { deliverNoticeMail } from "@/lib/notices/deliver";
import { dismissNoticeAs } from "@/lib/notices/dismiss";
import { authenticateToken } from "@/lib/tokens/authenticate";
import { tokenHint } from "@/lib/tokens/format";
import { sweepTokens } from "@/lib/tokens/sweeper";
import { api, apiSuite, DAY_MS, insertQuickUser, issueToken, passwordOf, removeUsersExcept, setNow, T0 } from "./api";
import { testDatabases } from "./databases";
import { useSmtpServer } from "./smtp";

describe.each(testDatabases())("expiry and inactivity notices on $name", (target) => {
  const suite = apiSuite(target);
  const inbox = useSmtpServer(suite);
  /** Every token value made in a test: none may appear in any message. */
  const values: string[] = [];
  const at = (days: number, ms = 0) => new Date(T0.getTime() + days * DAY_MS + ms);

  beforeEach(() => {
    values.length = 0;
  });
  afterEach(async () => {
    for (const message of inbox.server.received) {
      for (const value of values) expect(message.raw).not.toContain(value);
    }
    await removeUsersExcept(suite.db, suite.users);
  });

  async function token(
    name: string,
    extra: { userId?: string | null; kind?: "user" | "organization"; expiresAt?: Date; createdAt?: Date },
  ) {
    const value = await issueToken(suite.db, {
      kind: extra.kind ?? "user",
      createdAt: extra.createdAt,
      name,
      userId: extra.kind === "organization" ? null : (extra.userId ?? suite.users.alice.user.id),
      expiresAt: extra.expiresAt ?? null,
    });
    values.push(value);
    return value;
  }

  /** The sweeper's run as the server does it: the sweep, then the emails. */
  async function run(now: Date) {
    setNow(now);
    const sweep = await sweepTokens(suite.handle, now);
    const mail = await deliverNoticeMail(suite.db, { logError: () => {} });
    return { sweep, mail };
  }

  const allNotices = (): Promise<Notice[]> => suite.db.select().from(notices);
  const aliceNotices = (now = clock.now()) => listLiveNotices(suite.db, { userId: suite.users.alice.user.id }, now);

  it("mails nothing 8 days before expiry, once at 7 days, nothing on the next run, once more at 1 day", async () => {
    const value = await token("deploy", { expiresAt: at(10) });

    expect((await run(at(2))).sweep.noticesCreated).toBe(0);
    expect(inbox.server.received).toHaveLength(0);

    const seven = await run(at(3));
    expect(seven.sweep).toMatchObject({ skipped: false, noticesCreated: 1, complete: true });
    expect(seven.mail).toEqual({ sent: 1, failed: 0, retrying: 0 });
    expect(inbox.server.received).toHaveLength(1);
    const [mail] = inbox.server.received;
    expect(mail?.to).toEqual(["alice@example.test"]);
    expect(mail?.subject).toBe("Tokensmith: deploy expires in 7 days");
    expect(mail?.text).toContain("Kind: User Token");
    expect(mail?.text).toContain(`Ends with: ${tokenHint(value)}`);
    expect(mail?.text).toContain("Expires: Mar 20, 2026");
    expect(mail?.text).toContain("http://localhost:3000/account/security");
    expect(mail?.html).toContain('<a href="http://localhost:3000/account/security">');
    expect((await aliceNotices()).map((n) => n.tokenName)).toEqual(["deploy"]);

    await run(at(3, 3_600_000));
    await run(at(8, -1));
    expect(inbox.server.received).toHaveLength(1);

    process.env.NEXTAUTH_URL = "https://tokens.example.test/";
    const one = await run(at(9));
    expect(one.sweep.noticesCreated).toBe(1);
    expect(inbox.server.received).toHaveLength(2);
    expect(inbox.server.received[1]?.subject).toBe("Tokensmith: deploy expires in 1 day");
    expect(inbox.server.received[1]?.text).toContain("https://tokens.example.test/account/security");
    // The region shows the latest threshold only.
    const live = await aliceNotices();
    expect(live).toHaveLength(1);
    expect(live[0]?.dueAt?.toISOString()).toBe(at(10).toISOString());

    await run(at(9, 60_000));
    expect(inbox.server.received).toHaveLength(2);
    expect((await allNotices()).map((n) => n.mailStatus)).toEqual(["sent", "sent"]);
  });

  it("warns 7 days before inactivity removal, and a use drops the notice", async () => {
    const value = await token("ci", {});
    await run(at(53, -1));
    expect(inbox.server.received).toHaveLength(0);
    await run(at(53));
    expect(inbox.server.received.map((m) => m.subject)).toEqual([
      "Tokensmith: ci will be removed for inactivity in 7 days",
    ]);
    expect(inbox.server.received[0]?.text).toContain("Will be removed: May 9, 2026");

    setNow(at(54));
    expect((await authenticateToken(suite.db, value, clock.now())).ok).toBe(true);
    expect(await aliceNotices()).toEqual([]);
    await run(at(54, 60_000));
    expect(await allNotices()).toEqual([]);
    expect(inbox.server.received).toHaveLength(1);
  });

  it("mails an organization token's notice to every admin with an email, once", async () => {
    const other = await insertQuickUser(suite.db, "second-admin", "admin");
    await suite.db.update(users).set({ email: "second@example.test" }).where(eq(users.id, other.user.id));
    await insertQuickUser(suite.db, "admin-without-email", "admin");
    await token("nightly", { kind: "organization", expiresAt: at(5) });

    await run(at(0));
    expect(inbox.server.received).toHaveLength(1);
    expect(inbox.server.received[0]?.to.sort()).toEqual(["root@example.test", "second@example.test"]);
    expect(inbox.server.received[0]?.text).toContain("Kind: Organization Token");
    expect(inbox.server.received[0]?.text).toContain("http://localhost:3000/settings/tokens");
    const admins = await listLiveNotices(suite.db, { admins: true }, at(0));
    expect(admins.map((n) => n.tokenName)).toEqual(["nightly"]);
    expect(await aliceNotices(at(0))).toEqual([]);
  });

  it("gives a user without an email the in-app notice only", async () => {
    await token("bobs", { userId: suite.users.bob.user.id, expiresAt: at(7) });
    const { mail } = await run(at(0));
    expect(mail).toEqual({ sent: 0, failed: 0, retrying: 0 });
    expect(inbox.server.received).toHaveLength(0);
    expect(
      (await listLiveNotices(suite.db, { userId: suite.users.bob.user.id }, at(0))).map((n) => n.tokenName),
    ).toEqual(["bobs"]);
    expect((await allNotices()).map((n) => n.mailStatus)).toEqual(["unsent"]);
  });

  it("marks the notice failed when the SMTP server refuses its email, finishes the sweep, and never sends it again", async () => {
    inbox.server.state.refuse = true;
    await token("refused", { expiresAt: at(2) });
    const { sweep, mail } = await run(at(0));
    expect(sweep).toMatchObject({ skipped: false, noticesCreated: 1, complete: true });
    expect(mail).toEqual({ sent: 0, failed: 1, retrying: 0 });
    const [notice] = await allNotices();
    expect(notice?.mailStatus).toBe("failed");
    expect(notice?.mailAttempts).toBe(1);
    expect(notice?.mailError).toContain("Mailbox unavailable");
    inbox.server.state.refuse = false;
    await run(at(0, 60_000));
    expect(inbox.server.received).toHaveLength(0);
    // The in-app notice is there all the same.
    expect(await aliceNotices()).toHaveLength(1);
  });

  it("retries an email the SMTP server could not take, on the next run", async () => {
    process.env.SMTP_URL = "smtp://127.0.0.1:9"; // nothing listens on the discard port here
    await token("later", { expiresAt: at(2) });
    const first = await run(at(0));
    expect(first.mail).toEqual({ sent: 0, failed: 0, retrying: 1 });
    expect((await allNotices())[0]).toMatchObject({ mailStatus: "pending", mailAttempts: 1 });
    process.env.SMTP_URL = inbox.server.url;
    const second = await run(at(0, 60_000));
    expect(second.mail).toEqual({ sent: 1, failed: 0, retrying: 0 });
    expect((await allNotices())[0]).toMatchObject({ mailStatus: "sent", mailAttempts: 2, mailError: null });
    expect(inbox.server.received).toHaveLength(1);
  });

  it("sends nothing and fails nothing without mail configured", async () => {
    delete process.env.SMTP_URL;
    await token("quiet", { expiresAt: at(3) });
    const { sweep, mail } = await run(at(0));
    expect(sweep.noticesCreated).toBe(1);
    expect(mail).toEqual({ sent: 0, failed: 0, retrying: 0 });
    expect((await allNotices()).map((n) => n.mailStatus)).toEqual(["unsent"]);
    // Configured later: the old notice is not mailed.
    process.env.SMTP_URL = inbox.server.url;
    await run(at(0, 60_000));
    expect(inbox.server.received).toHaveLength(0);
  });

  it("drops the notice of a token rotated or revoked", async () => {
    // Made 30 days ago: its successor lives 35 days from the rotation, so it is not warned about.
    await token("rotated", { expiresAt: at(5), createdAt: at(-30) });
    await token("revoked", { expiresAt: at(5), createdAt: at(-30) });
    await run(at(0));
    expect((await aliceNotices()).map((n) => n.tokenName).sort()).toEqual(["revoked", "rotated"]);

    const rotated = await api.rotate({ auth: passwordOf(suite.users.alice), form: { name: "rotated" } });
    expect(rotated.status).toBe(200);
    values.push(((await rotated.json()) as { token: string }).token);
    expect(await api.revoke({ auth: passwordOf(suite.users.alice), form: { name: "revoked" } })).toHaveProperty(
      "status",
      204,
    );
    expect(await aliceNotices()).toEqual([]);
    await run(at(0, 60_000));
    expect(await allNotices()).toEqual([]);
  });

  it("brings a dismissed 7-day notice back at the 1-day threshold", async () => {
    await token("soon", { expiresAt: at(7) });
    await run(at(0));
    const [seven] = await aliceNotices();
    if (!seven) throw new Error("no notice");
    // Only its owner may dismiss it.
    expect(await dismissNotice(suite.db, seven.id, { userId: suite.users.bob.user.id }, at(0))).toBe(false);
    expect(await dismissNotice(suite.db, seven.id, { admins: true }, at(0))).toBe(false);
    expect(await dismissNotice(suite.db, seven.id, { userId: suite.users.alice.user.id }, at(0))).toBe(true);
    expect(await aliceNotices()).toEqual([]);
    await run(at(6));
    expect((await aliceNotices()).map((n) => n.tokenName)).toEqual(["soon"]);
    expect(inbox.server.received.map((m) => m.subject)).toEqual([
      "Tokensmith: soon expires in 7 days",
      "Tokensmith: soon expires in 1 day",
    ]);
  });

  it("lets only admins dismiss the instance's notices, and nobody another user's", async () => {
    await token("org", { kind: "organization", expiresAt: at(3) });
    await token("alices", { expiresAt: at(3) });
    await run(at(0));
    const [instance] = await listLiveNotices(suite.db, { admins: true }, at(0));
    const [alices] = await aliceNotices(at(0));
    if (!instance || !alices) throw new Error("no notices");
    const { alice, bob, admin } = suite.users;
    const dismiss = (who: typeof alice, noticeId: string, audience: "mine" | "instance") =>
      dismissNoticeAs(suite.db, who.user, { noticeId, audience }, at(0));
    await expect(dismiss(alice, instance.id, "instance")).rejects.toMatchObject({ status: 403 });
    await expect(dismiss(bob, alices.id, "mine")).rejects.toMatchObject({ status: 404 });
    await expect(dismiss(admin, alices.id, "instance")).rejects.toMatchObject({ status: 404 });
    expect(await listLiveNotices(suite.db, { admins: true }, at(0))).toHaveLength(1);
    expect(await aliceNotices(at(0))).toHaveLength(1);
    await dismiss(admin, instance.id, "instance");
    await dismiss(alice, alices.id, "mine");
    expect(await listLiveNotices(suite.db, { admins: true }, at(0))).toEqual([]);
    expect(await aliceNotices(at(0))).toEqual([]);
  });
});
