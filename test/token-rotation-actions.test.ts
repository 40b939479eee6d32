import { eq } from "drizzle-orm";
import { getServerSession } from "next-auth";
import { afterEach, describe, expect, it, vi } from "vitest";
import { rotateOwnToken } from "@/app/(app)/account/security/actions";
import { rotateTokenOfUser } from "@/app/(app)/admin/users/actions";
import { rotateOrganizationTokenAction } from "@/app/(app)/settings/tokens/actions";
import { listOrganizationTokensPage } from "@/db/queries/organization-tokens";
import { listPersonalTokens } from "@/db/queries/tokens";
import { tokens } from "@/db/schema";
import { clock } from "@/lib/clock";
import { hashToken } from "@/lib/tokens/format";
import { advance, apiSuite, databaseSnapshot, insertAgentApp, isValid, issueToken } from "./api";
import { testDatabases } from "./databases";
import { signInAs } from "./signed-in";

// Server actions read the session through next-auth; revalidation needs Next's runtime.
vi.mock("next-auth", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next-auth")>()),
  getServerSession: vi.fn(),
}));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const HOUR_MS = 3_600_000;

describe.each(testDatabases())("the pages' Rotate actions on $name", (target) => {
  const suite = apiSuite(target);
  afterEach(() => vi.mocked(getServerSession).mockReset());

  const idOf = async (value: string) =>
    (
      await suite.db
        .select({ id: tokens.id })
        .from(tokens)
        .where(eq(tokens.tokenHash, hashToken(value)))
    )[0]?.id ?? "";

  it("My Account: both tokens work during the chosen overlap; then the old one fails and leaves the list", async () => {
    const alice = suite.users.alice.user;
    const old = await issueToken(suite.db, { kind: "user", name: "ci", userId: alice.id });
    signInAs(alice);
    // Later than the old token, so the list's newest-first order is certain.
    advance(60_000);
    const result = await rotateOwnToken(null, { tokenId: await idOf(old), overlapSeconds: "3600" });
    if (!result.ok) throw new Error(result.error);
    expect(result.token).toMatch(/^tsu_[0-9A-Za-z]{38}$/);
    expect(await isValid(old)).toBe(true);
    expect(await isValid(result.token)).toBe(true);

    const listed = await listPersonalTokens(suite.db, alice.id, clock.now());
    expect(listed.map((t) => [t.name, t.rotatedUntil?.getTime() ?? null])).toEqual([
      ["ci", null],
      ["ci", clock.now().getTime() + HOUR_MS],
    ]);

    advance(HOUR_MS);
    expect(await isValid(old)).toBe(false);
    expect(await isValid(result.token)).toBe(true);
    // Stopped, but not swept yet: the pages no longer list it.
    expect(await listPersonalTokens(suite.db, alice.id)).toHaveLength(2);
    expect(await listPersonalTokens(suite.db, alice.id, clock.now())).toHaveLength(1);
  });

  it("refuses an overlap the dialog does not offer (blank, other numbers) on the field, changing nothing", async () => {
    const alice = suite.users.alice.user;
    const old = await issueToken(suite.db, { kind: "user", name: "ci", userId: alice.id });
    const tokenId = await idOf(old);
    signInAs(alice);
    const before = await databaseSnapshot(suite.db);
    for (const overlapSeconds of ["", "60", "-1", "604801", "1 hour", undefined]) {
      expect(await rotateOwnToken(null, { tokenId, overlapSeconds })).toEqual({
        ok: false,
        error: "Check the highlighted fields.",
        fieldErrors: { overlapSeconds: "Choose how long the old token keeps working." },
      });
    }
    expect(await rotateOwnToken(null, { tokenId: "not-a-uuid", overlapSeconds: "0" })).toMatchObject({ ok: false });
    expect(await databaseSnapshot(suite.db)).toEqual(before);
  });

  it("My Account refuses the user's agent token; the admins' dialog rotates only that user's token", async () => {
    const alice = suite.users.alice.user;
    const appId = await insertAgentApp(suite.db, "Bot", suite.users.admin.user);
    const agent = await issueToken(suite.db, { kind: "agent", name: "task", userId: alice.id, agentAppId: appId });
    const own = await issueToken(suite.db, { kind: "user", name: "deploy", userId: alice.id });
    signInAs(alice);
    expect(await rotateOwnToken(null, { tokenId: await idOf(agent), overlapSeconds: "0" })).toMatchObject({
      ok: false,
      error: "Insufficient privileges",
    });

    signInAs(suite.users.admin.user);
    const bob = suite.users.bob.user;
    expect(
      await rotateTokenOfUser(null, { userId: bob.id, tokenId: await idOf(own), overlapSeconds: "0" }),
    ).toMatchObject({ ok: false, error: "Token not found." });
    const rotated = await rotateTokenOfUser(null, { userId: alice.id, tokenId: await idOf(own), overlapSeconds: "0" });
    if (!rotated.ok) throw new Error(rotated.error);
    // No overlap: the old token fails on the very next request.
    expect(await isValid(own)).toBe(false);
    expect(await isValid(rotated.token)).toBe(true);
    expect((await listPersonalTokens(suite.db, alice.id, clock.now())).map((t) => t.name)).toEqual(["deploy"]);
  });

  it("Settings > Tokens rotates an organization token, never a user's token by its id", async () => {
    const org = await issueToken(suite.db, { kind: "organization", name: "ci" });
    const users = await issueToken(suite.db, { kind: "user", name: "mine", userId: suite.users.admin.user.id });
    signInAs(suite.users.admin.user);
    expect(
      await rotateOrganizationTokenAction(null, { tokenId: await idOf(users), overlapSeconds: "0" }),
    ).toMatchObject({ ok: false, error: "Token not found." });
    advance(60_000);
    const result = await rotateOrganizationTokenAction(null, { tokenId: await idOf(org), overlapSeconds: "86400" });
    if (!result.ok) throw new Error(result.error);
    expect(result.token).toMatch(/^tso_/);
    const { rows: listed } = await listOrganizationTokensPage(suite.db, {
      query: "",
      page: 1,
      pageSize: 50,
      now: clock.now(),
    });
    expect(listed.map((t) => [t.name, t.rotatedUntil?.getTime() ?? null])).toEqual([
      ["ci", null],
      ["ci", clock.now().getTime() + 24 * HOUR_MS],
    ]);
    // A rotated token offers no second Rotate in the page; the action refuses it once it has stopped.
    advance(24 * HOUR_MS);
    expect(await rotateOrganizationTokenAction(null, { tokenId: await idOf(org), overlapSeconds: "0" })).toMatchObject({
      ok: false,
      error: "This token was rotated and has stopped working.",
    });
  });
});
