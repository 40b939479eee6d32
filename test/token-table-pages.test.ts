import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { listLiveAgentTokensPage } from "@/db/queries/agent-apps";
import { listOrganizationTokensPage } from "@/db/queries/organization-tokens";
import { listPersonalTokensPage } from "@/db/queries/tokens";
import type { TokenKind } from "@/db/schema";
import { api, apiSuite, insertAgentApp, issueToken, passwordOf, T0 } from "./api";
import { testDatabases } from "./databases";

const PAGE = { query: "", pageSize: 50 };

/**
 * `count` tokens named `<prefix>-001` to `<prefix>-<count>`, one minute apart, the last one newest;
 * in one statement, as a user with hundreds of CI tokens would have them.
 */
async function manyTokens(
  db: Database,
  input: { kind: TokenKind; prefix: string; count: number; userId?: string; agentAppId?: string },
) {
  await db.execute(sql`
    insert into tokens (kind, user_id, agent_app_id, all_projects, name, task, token_hash, hint, created_at, expires_at)
    select ${input.kind}::token_kind, ${input.userId ?? null}::uuid, ${input.agentAppId ?? null}::uuid,
           case when ${input.kind} = 'organization' then true end,
           ${input.prefix} || '-' || lpad(g::text, 3, '0'),
           case when ${input.kind} = 'agent' then 'task-' || g end,
           md5(${input.prefix} || g) || md5('hash' || ${input.prefix} || g), 'hint',
           ${T0.toISOString()}::timestamptz - (${input.count}::int - g) * interval '1 minute',
           case when ${input.kind} = 'agent' then ${T0.toISOString()}::timestamptz + interval '1 hour' end
    from generate_series(1, ${input.count}::int) g`);
}

const names = (rows: { name?: string; task?: string | null }[]) => rows.map((r) => r.name ?? r.task);
const numbered = (prefix: string, from: number, to: number) =>
  Array.from({ length: from - to + 1 }, (_, i) => `${prefix}-${String(from - i).padStart(3, "0")}`);

describe.each(testDatabases())("token tables a page at a time on $name", (target) => {
  const suite = apiSuite(target);

  it("a user with 120 tokens gets pages of 50, newest first, and only their own personal tokens", async () => {
    const alice = suite.users.alice.user.id;
    await manyTokens(suite.db, { kind: "user", prefix: "ci", count: 120, userId: alice });
    await manyTokens(suite.db, { kind: "user", prefix: "bob", count: 3, userId: suite.users.bob.user.id });
    const app = await insertAgentApp(suite.db, "agent-app", suite.users.admin.user);
    await manyTokens(suite.db, { kind: "agent", prefix: "agent", count: 2, userId: alice, agentAppId: app });

    const first = await listPersonalTokensPage(suite.db, alice, { ...PAGE, page: 1 });
    expect(first.total).toBe(120);
    expect(first.page).toBe(1);
    expect(names(first.rows)).toEqual(numbered("ci", 120, 71));
    const second = await listPersonalTokensPage(suite.db, alice, { ...PAGE, page: 2 });
    expect(names(second.rows)).toEqual(numbered("ci", 70, 21));
    const third = await listPersonalTokensPage(suite.db, alice, { ...PAGE, page: 3 });
    expect(names(third.rows)).toEqual(numbered("ci", 20, 1));
  });

  it("search matches names anywhere, case-insensitively, takes LIKE wildcards literally, and counts only matches", async () => {
    const alice = suite.users.alice.user.id;
    await manyTokens(suite.db, { kind: "user", prefix: "ci", count: 120, userId: alice });
    await issueToken(suite.db, { kind: "user", name: "odd_name%", userId: alice, createdAt: new Date(0) });

    // ci-005 is on page 3 unsearched; the search finds it on its first page.
    const found = await listPersonalTokensPage(suite.db, alice, { ...PAGE, query: "I-005", page: 1 });
    expect(found).toMatchObject({ total: 1, page: 1 });
    expect(names(found.rows)).toEqual(["ci-005"]);
    const tens = await listPersonalTokensPage(suite.db, alice, { ...PAGE, query: "ci-1", page: 1 });
    expect(tens.total).toBe(21); // ci-100 to ci-120
    expect(names((await listPersonalTokensPage(suite.db, alice, { ...PAGE, query: "_name%", page: 1 })).rows)).toEqual([
      "odd_name%",
    ]);
    expect((await listPersonalTokensPage(suite.db, alice, { ...PAGE, query: "e_n", page: 1 })).total).toBe(0);
  });

  it("a page past the end (its last row was just revoked) is read as the last page", async () => {
    const alice = suite.users.alice.user.id;
    await manyTokens(suite.db, { kind: "user", prefix: "ci", count: 100, userId: alice });
    const past = await listPersonalTokensPage(suite.db, alice, { ...PAGE, page: 3 });
    expect(past).toMatchObject({ total: 100, page: 2 });
    expect(names(past.rows)).toEqual(numbered("ci", 50, 1));
    const none = await listPersonalTokensPage(suite.db, suite.users.bob.user.id, { ...PAGE, page: 4 });
    expect(none).toEqual({ rows: [], total: 0, page: 1 });
  });

  it("organization tokens: pages of 50 newest first with their scope, and search", async () => {
    await manyTokens(suite.db, { kind: "organization", prefix: "org", count: 120 });
    await manyTokens(suite.db, { kind: "user", prefix: "personal", count: 5, userId: suite.users.alice.user.id });
    const third = await listOrganizationTokensPage(suite.db, { ...PAGE, page: 3 });
    expect(third).toMatchObject({ total: 120, page: 3 });
    expect(names(third.rows)).toEqual(numbered("org", 20, 1));
    expect(third.rows[0]).toMatchObject({ allProjects: true, projects: [] });
    const found = await listOrganizationTokensPage(suite.db, { ...PAGE, query: "org-007", page: 1 });
    expect(names(found.rows)).toEqual(["org-007"]);
  });

  it("agent tokens: pages of 50 of the live ones, searched by app or task", async () => {
    const alice = suite.users.alice.user.id;
    const app = await insertAgentApp(suite.db, "Review bot", suite.users.admin.user);
    await manyTokens(suite.db, { kind: "agent", prefix: "Review bot", count: 120, userId: alice, agentAppId: app });
    const third = await listLiveAgentTokensPage(suite.db, alice, { ...PAGE, page: 3, now: T0 });
    expect(third).toMatchObject({ total: 120, page: 3 });
    expect(names(third.rows)).toEqual(Array.from({ length: 20 }, (_, i) => `task-${20 - i}`));
    expect((await listLiveAgentTokensPage(suite.db, alice, { ...PAGE, query: "task-7", page: 1, now: T0 })).total).toBe(
      11, // task-7, task-70 to task-79
    );
    expect((await listLiveAgentTokensPage(suite.db, alice, { ...PAGE, query: "review", page: 1, now: T0 })).total).toBe(
      120,
    );
    // An hour later they have all expired.
    const later = new Date(T0.getTime() + 3_600_000);
    expect((await listLiveAgentTokensPage(suite.db, alice, { ...PAGE, page: 1, now: later })).total).toBe(0);
  });

  it("GET /api/user_tokens/search still lists every token, newest first", async () => {
    await manyTokens(suite.db, { kind: "user", prefix: "ci", count: 120, userId: suite.users.alice.user.id });
    const res = await api.search({ auth: passwordOf(suite.users.alice) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { userTokens: { name: string }[] };
    expect(body.userTokens.map((t) => t.name)).toEqual(numbered("ci", 120, 1));
  });
});
