import { describe, expect, it } from "vitest";
import { GET as leakGet, POST as leakRoute } from "@/app/api/credentials/revoke/route";
import { listLiveNotices } from "@/db/queries/notices";
import { notices } from "@/db/schema";
import { noticeMailSettled } from "@/lib/notices/deliver";
import { generateTokenValue, tokenHint } from "@/lib/tokens/format";
import {
  apiRequest,
  apiSuite,
  databaseSnapshot,
  errorMessage,
  insertAgentApp,
  isValid,
  issueToken,
  T0,
  advance,
  type CallOptions,
} from "./api";
import { auditEventsSince, auditMark } from "./audit-events";
import { testDatabases } from "./databases";
import { useSmtpServer } from "./smtp";

const report = (o: CallOptions) => leakRoute(apiRequest("POST", "/api/credentials/revoke", o));

describe.each(testDatabases())("POST /api/credentials/revoke on $name", (target) => {
  const suite = apiSuite(target);
  const inbox = useSmtpServer(suite);

  const aliceToken = (name: string) => issueToken(suite.db, { kind: "user", name, userId: suite.users.alice.user.id });

  it("answers the same 202 for valid, unknown and garbage strings, and revokes the live tokens at once", async () => {
    const leaked = await aliceToken("leaked");
    const kept = await aliceToken("kept");
    const organization = await issueToken(suite.db, { kind: "organization", name: "ci-org" });
    const unknown = generateTokenValue("user");
    const bodies = [
      [leaked, organization, unknown, "garbage", ""],
      [unknown, "garbage", "tsu_notatoken", "x".repeat(500)],
      ["garbage", "a", "b", "c", "d"],
    ];
    const answers = [];
    for (const credentials of bodies) {
      const res = await report({ json: { credentials } });
      answers.push({ status: res.status, body: await res.text(), type: res.headers.get("content-type") });
    }
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202]);
    expect(answers.map((a) => a.body)).toEqual(['{"received":5}', '{"received":4}', '{"received":5}']);
    expect(new Set(answers.map((a) => a.type)).size).toBe(1);

    expect(await isValid(leaked)).toBe(false);
    expect(await isValid(organization)).toBe(false);
    expect(await isValid(kept)).toBe(true);

    // The owner's notice and mail; the admins' for the organization token.
    const alice = await listLiveNotices(suite.db, { userId: suite.users.alice.user.id }, T0);
    expect(alice.map((n) => [n.reason, n.tokenName])).toEqual([["leak", "leaked"]]);
    const admins = await listLiveNotices(suite.db, { admins: true }, T0);
    expect(admins.map((n) => [n.reason, n.tokenName])).toEqual([["leak", "ci-org"]]);
    await noticeMailSettled();
    const bySubject = Object.fromEntries(inbox.server.received.map((m) => [m.subject, m]));
    const aliceMail = bySubject["Tokensmith: leaked was revoked because it was reported as leaked"];
    expect(aliceMail?.to).toEqual(["alice@example.test"]);
    expect(aliceMail?.text).toContain(`Ends with: ${tokenHint(leaked)}`);
    expect(bySubject["Tokensmith: ci-org was revoked because it was reported as leaked"]?.to).toEqual([
      "root@example.test",
    ]);
    expect(inbox.server.received).toHaveLength(2);
    for (const message of inbox.server.received) {
      for (const value of [leaked, organization, kept]) expect(message.raw).not.toContain(value);
    }
  });

  it("records token.leak_revoke with the reporting address, and nothing for a repeated report", async () => {
    const leaked = await aliceToken("leaked");
    const appId = await insertAgentApp(suite.db, "scanner-app", suite.users.admin.user);
    const credential = await issueToken(suite.db, { kind: "agent_app", name: "scanner-app", agentAppId: appId });
    const mark = await auditMark(suite.db);
    expect((await report({ json: { credentials: [leaked, credential] }, ip: "203.0.113.9" })).status).toBe(202);
    expect((await report({ json: { credentials: [leaked, credential] }, ip: "203.0.113.9" })).status).toBe(202);
    const events = await auditEventsSince(suite.db, mark);
    expect(
      events.map((e) => ({
        action: e.action,
        actor: e.actorLogin,
        target: e.targetLogin,
        kind: e.tokenKind,
        name: e.tokenName,
        hint: e.tokenHint,
        ip: e.clientIp,
      })),
    ).toEqual(
      expect.arrayContaining([
        {
          action: "token.leak_revoke",
          actor: null,
          target: "alice",
          kind: "user",
          name: "leaked",
          hint: tokenHint(leaked),
          ip: "203.0.113.9",
        },
        {
          action: "token.leak_revoke",
          actor: null,
          target: null,
          kind: "agent_app",
          name: "scanner-app",
          hint: tokenHint(credential),
          ip: "203.0.113.9",
        },
      ]),
    );
    expect(events).toHaveLength(2);
    await noticeMailSettled();
    expect(inbox.server.received.map((m) => m.text).find((t) => t.includes("Agent App Credential"))).toContain(
      "http://localhost:3000/admin/agent-apps",
    );
  });

  it("gives the 61st request of an address in an hour a 429, other addresses and the next hour go on", async () => {
    for (let i = 0; i < 60; i++) {
      expect((await report({ json: { credentials: ["garbage"] }, ip: "198.51.100.7" })).status).toBe(202);
    }
    const limited = await report({ json: { credentials: ["garbage"] }, ip: "198.51.100.7" });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await errorMessage(limited)).toContain("Too many");
    expect((await report({ json: { credentials: ["garbage"] }, ip: "198.51.100.8" })).status).toBe(202);
    advance(60 * 60_000);
    expect((await report({ json: { credentials: ["garbage"] }, ip: "198.51.100.7" })).status).toBe(202);
  });

  it("answers every bad shape with a 400 naming the problem, and changes nothing", async () => {
    const token = await aliceToken("safe");
    const before = await databaseSnapshot(suite.db);
    const cases: [CallOptions, string][] = [
      [{ raw: { body: "{not json", contentType: "application/json" } }, "must be JSON"],
      [{ json: [token] }, "must be a JSON object"],
      [{ json: "text" }, "must be a JSON object"],
      [{ json: {} }, "'credentials' parameter is missing"],
      [{ json: { credentials: token } }, "must be an array of strings"],
      [{ json: { credentials: { a: token } } }, "must be an array of strings"],
      [{ json: { credentials: [] } }, "at least one string"],
      [{ json: { credentials: Array.from({ length: 1001 }, () => "x") } }, "holds 1001 items; at most 1000"],
      [{ json: { credentials: [token, 42] } }, "item 1 is not one"],
      [{ json: { credentials: [null] } }, "item 0 is not one"],
      [{}, "must be JSON"],
    ];
    for (const [options, message] of cases) {
      const res = await report(options);
      expect(res.status, JSON.stringify(options).slice(0, 80)).toBe(400);
      expect(await errorMessage(res)).toContain(message);
    }
    expect(await databaseSnapshot(suite.db)).toEqual(before);
    expect(await isValid(token)).toBe(true);
    expect(await suite.db.select().from(notices)).toEqual([]);
  });

  it("takes exactly 1000 strings", async () => {
    const token = await aliceToken("in-a-crowd");
    const credentials = [...Array.from({ length: 999 }, () => generateTokenValue("user")), token];
    const res = await report({ json: { credentials } });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ received: 1000 });
    expect(await isValid(token)).toBe(false);
  });

  it("answers GET with 405 in the error shape", async () => {
    const res = await leakGet();
    expect(res.status).toBe(405);
    expect(await errorMessage(res)).toContain("POST");
  });
});
