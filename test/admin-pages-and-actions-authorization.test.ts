import { count, eq } from "drizzle-orm";
import { getServerSession } from "next-auth";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  generateToken,
  revokeAgentTokenAction,
  revokeToken,
  rotateOwnToken,
  setAgentAppsConsentAction,
} from "@/app/(app)/account/security/actions";
import AgentAppsPage from "@/app/(app)/admin/agent-apps/page";
import { deleteAgentAppAction, registerAgentAppAction } from "@/app/(app)/admin/agent-apps/actions";
import AuditPage from "@/app/(app)/admin/audit/page";
import ProjectsPage from "@/app/(app)/admin/projects/page";
import {
  createProjectAction,
  deleteProjectAction,
  grantScanAction,
  removeScanAction,
} from "@/app/(app)/admin/projects/actions";
import SettingsPage from "@/app/(app)/admin/settings/page";
import { saveTokenSettings } from "@/app/(app)/admin/settings/actions";
import UsersPage from "@/app/(app)/admin/users/page";
import OrganizationTokensPage from "@/app/(app)/settings/tokens/page";
import {
  createOrganizationTokenAction,
  deleteOrganizationTokenAction,
  rotateOrganizationTokenAction,
} from "@/app/(app)/settings/tokens/actions";
import {
  createUserAction,
  deleteUserAction,
  generateTokenForUser,
  revokeTokenOfUser,
  rotateTokenOfUser,
  setGlobalScanAction,
} from "@/app/(app)/admin/users/actions";
import type { Database } from "@/db/client";
import { insertScanGrant } from "@/db/queries/permissions";
import { insertProject } from "@/db/queries/projects";
import { insertUser } from "@/db/queries/users";
import { generateAgentToken } from "@/lib/agents/agent-tokens";
import { registerAgentApp } from "@/lib/agents/apps";
import { agentApps, auditEvents, projects, scanPermissions, settings, tokens, users, type User } from "@/db/schema";
import type { ActionResult } from "@/lib/auth/action-result";
import { apiSuite, issueToken } from "./api";
import { testDatabases } from "./databases";
import { signInAs } from "./signed-in";

// Server actions and pages read the session through next-auth; revalidation needs Next's runtime.
vi.mock("next-auth", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next-auth")>()),
  getServerSession: vi.fn(),
}));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));
// forbidden() refuses to run unless Next's build turned the flag on (next.config.mjs does).
process.env.__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS = "true";

type Caller = "signed-out" | "user" | "admin";

/** Every row the administration can change, to prove a refused call changed nothing (and recorded nothing). */
async function snapshot(db: Database) {
  const [u, p, g, t, s, apps, [audit]] = await Promise.all([
    db
      .select({ id: users.id, login: users.login, role: users.role, allowAgentApps: users.allowAgentApps })
      .from(users)
      .orderBy(users.login),
    db.select().from(projects).orderBy(projects.key),
    db.select({ userId: scanPermissions.userId, projectId: scanPermissions.projectId }).from(scanPermissions),
    db.select({ id: tokens.id, name: tokens.name, userId: tokens.userId }).from(tokens).orderBy(tokens.id),
    db.select().from(settings),
    db.select().from(agentApps).orderBy(agentApps.name),
    db.select({ n: count() }).from(auditEvents),
  ]);
  const grants = g.sort((x, y) => `${x.userId}${x.projectId}`.localeCompare(`${y.userId}${y.projectId}`));
  return { u, p, g: grants, t, s, apps, audit: audit?.n };
}

interface Fixture {
  victim: User;
  projectKey: string;
  aliceTokenId: string;
  organizationTokenId: string;
  agentAppId: string;
  aliceAgentTokenId: string;
}

type AnyAction = (previous: unknown, input: Record<string, unknown>) => Promise<ActionResult>;

/** Each administration action with an input that succeeds for an admin. */
const ADMIN_ACTIONS: [string, AnyAction, (f: Fixture, alice: User) => Record<string, unknown>][] = [
  [
    "createUserAction",
    createUserAction,
    () => ({ login: "newbie", name: "Newbie", password: "newbie-password", role: "admin" }),
  ],
  ["deleteUserAction", deleteUserAction, (f) => ({ userId: f.victim.id })],
  [
    "generateTokenForUser",
    generateTokenForUser,
    (_f, alice) => ({ userId: alice.id, name: "by-admin", expiresIn: "30 days" }),
  ],
  ["revokeTokenOfUser", revokeTokenOfUser, (f, alice) => ({ userId: alice.id, tokenId: f.aliceTokenId })],
  [
    "rotateTokenOfUser",
    rotateTokenOfUser,
    (f, alice) => ({ userId: alice.id, tokenId: f.aliceTokenId, overlapSeconds: "3600" }),
  ],
  ["createProjectAction", createProjectAction, () => ({ key: "fresh", name: "Fresh" })],
  ["deleteProjectAction", deleteProjectAction, (f) => ({ key: f.projectKey })],
  ["grantScanAction (project)", grantScanAction, (f) => ({ login: "bob", projectKey: f.projectKey })],
  ["grantScanAction (global)", grantScanAction, () => ({ login: "bob" })],
  ["setGlobalScanAction (on)", setGlobalScanAction, (_f, alice) => ({ userId: alice.id, enabled: true })],
  ["removeScanAction", removeScanAction, (f, alice) => ({ userId: alice.id, projectKey: f.projectKey })],
  ["registerAgentAppAction", registerAgentAppAction, () => ({ name: "Fresh bot" })],
  ["deleteAgentAppAction", deleteAgentAppAction, (f) => ({ appId: f.agentAppId })],
  ["saveTokenSettings", saveTokenSettings, () => ({ maxTokenLifetime: "90 days", inactiveTokenRemoval: "Never" })],
  [
    "createOrganizationTokenAction",
    createOrganizationTokenAction,
    (f) => ({ name: "org-new", type: "development", expiry: "Never", scope: "chosen", projects: [f.projectKey] }),
  ],
  ["deleteOrganizationTokenAction", deleteOrganizationTokenAction, (f) => ({ tokenId: f.organizationTokenId })],
  [
    "rotateOrganizationTokenAction",
    rotateOrganizationTokenAction,
    (f) => ({ tokenId: f.organizationTokenId, overlapSeconds: "0" }),
  ],
];

const PAGES: [string, () => Promise<unknown>][] = [
  ["/admin/users", () => UsersPage({ searchParams: Promise.resolve({ tokens: "alice" }) })],
  ["/admin/projects", () => ProjectsPage()],
  ["/admin/settings", () => SettingsPage()],
  ["/settings/tokens", () => OrganizationTokensPage({ searchParams: Promise.resolve({}) })],
  ["/admin/agent-apps", () => AgentAppsPage()],
  ["/admin/audit", () => AuditPage({ searchParams: Promise.resolve({ user: "alice", action: "token.generate" }) })],
];

/** What a page threw: Next's redirect or 403 interrupt (identified by their digests). */
async function pageOutcome(render: () => Promise<unknown>): Promise<string> {
  try {
    await render();
    return "rendered";
  } catch (error) {
    const digest = (error as { digest?: unknown }).digest;
    if (typeof digest === "string" && digest.startsWith("NEXT_REDIRECT")) return `redirect ${digest.split(";")[2]}`;
    if (digest === "NEXT_HTTP_ERROR_FALLBACK;403") return "403";
    throw error;
  }
}

describe.each(testDatabases())("administration pages and server actions on $name", (target) => {
  const suite = apiSuite(target);
  let fixture: Fixture;

  beforeEach(async () => {
    await suite.db.delete(users).where(eq(users.login, "victim"));
    await suite.db.delete(users).where(eq(users.login, "newbie"));
    const victim = await insertUser(suite.db, { login: "victim", name: "Victim", passwordHash: "x", role: "user" });
    const project = await insertProject(suite.db, { key: "app", name: "App" });
    await insertScanGrant(suite.db, { userId: suite.users.alice.user.id, projectId: project.id });
    await issueToken(suite.db, { kind: "user", name: "alice-ci", userId: suite.users.alice.user.id });
    const [aliceToken] = await suite.db.select({ id: tokens.id }).from(tokens).where(eq(tokens.name, "alice-ci"));
    await issueToken(suite.db, { kind: "organization", name: "org-fixture" });
    const [orgToken] = await suite.db.select({ id: tokens.id }).from(tokens).where(eq(tokens.name, "org-fixture"));
    await suite.db.update(users).set({ allowAgentApps: false });
    await suite.db.update(users).set({ allowAgentApps: true }).where(eq(users.id, suite.users.alice.user.id));
    const { app } = await registerAgentApp(
      suite.db,
      { name: "Fixture bot" },
      {
        actor: suite.users.admin.user,
        clientIp: null,
        at: new Date(),
      },
    );
    const agentToken = await generateAgentToken(
      suite.db,
      { agentAppId: app.id, login: "alice", task: "t" },
      { clientIp: null, at: new Date() },
    );
    fixture = {
      victim,
      projectKey: project.key,
      aliceTokenId: aliceToken?.id ?? "",
      organizationTokenId: orgToken?.id ?? "",
      agentAppId: app.id,
      aliceAgentTokenId: agentToken.token.id,
    };
  });
  afterEach(() => {
    vi.mocked(getServerSession).mockReset();
  });

  const callerUser = (caller: Caller): User | null =>
    caller === "admin" ? suite.users.admin.user : caller === "user" ? suite.users.alice.user : null;

  describe.each(ADMIN_ACTIONS)("action %s", (_name, action, input) => {
    it.each([
      ["signed-out", "Your session has ended. Log in again."],
      ["user", "Insufficient privileges"],
    ] as const)("refuses a %s caller and changes nothing", async (caller, message) => {
      signInAs(callerUser(caller));
      const before = await snapshot(suite.db);
      const result = await action(null, input(fixture, suite.users.alice.user));
      expect(result).toEqual({ ok: false, error: message, fieldErrors: {} });
      expect(await snapshot(suite.db)).toEqual(before);
    });

    it("runs for an admin and changes something", async () => {
      signInAs(suite.users.admin.user);
      const before = await snapshot(suite.db);
      const result = await action(null, input(fixture, suite.users.alice.user));
      expect(result.ok, JSON.stringify(result)).toBe(true);
      expect(await snapshot(suite.db)).not.toEqual(before);
    });

    it("follows the role in the database, not the session: a demoted admin is refused", async () => {
      signInAs(suite.users.admin.user);
      await suite.db.update(users).set({ role: "user" }).where(eq(users.id, suite.users.admin.user.id));
      try {
        const result = await action(null, input(fixture, suite.users.alice.user));
        expect(result).toEqual({ ok: false, error: "Insufficient privileges", fieldErrors: {} });
      } finally {
        await suite.db.update(users).set({ role: "admin" }).where(eq(users.id, suite.users.admin.user.id));
      }
    });
  });

  describe.each(PAGES)("page %s", (_path, render) => {
    it.each([
      ["signed-out", "redirect /login"],
      ["user", "403"],
      ["admin", "rendered"],
    ] as const)("answers a %s visitor with %s", async (caller, expected) => {
      signInAs(callerUser(caller));
      expect(await pageOutcome(render)).toBe(expected);
    });
  });

  it("My Account actions refuse signed-out callers and never touch another user's token", async () => {
    signInAs(null);
    const before = await snapshot(suite.db);
    expect((await generateToken(null, { name: "x", expiresIn: "30 days" })).ok).toBe(false);
    expect((await revokeToken(null, { tokenId: fixture.aliceTokenId })).ok).toBe(false);
    expect((await rotateOwnToken(null, { tokenId: fixture.aliceTokenId, overlapSeconds: "0" })).ok).toBe(false);
    signInAs(suite.users.bob.user);
    expect(await revokeToken(null, { tokenId: fixture.aliceTokenId })).toMatchObject({ ok: false });
    expect(await rotateOwnToken(null, { tokenId: fixture.aliceTokenId, overlapSeconds: "0" })).toMatchObject({
      ok: false,
      error: "Token not found.",
    });
    expect(await snapshot(suite.db)).toEqual(before);
  });

  it("the Agent Apps actions of My Account refuse signed-out callers and act only for the signed-in user", async () => {
    signInAs(null);
    const before = await snapshot(suite.db);
    expect((await setAgentAppsConsentAction(null, { allow: true })).ok).toBe(false);
    expect((await revokeAgentTokenAction(null, { tokenId: fixture.aliceAgentTokenId })).ok).toBe(false);
    signInAs(suite.users.bob.user);
    expect(await revokeAgentTokenAction(null, { tokenId: fixture.aliceAgentTokenId })).toMatchObject({ ok: false });
    expect(await setAgentAppsConsentAction(null, { allow: "yes" })).toMatchObject({ ok: false });
    expect(await snapshot(suite.db)).toEqual(before);

    // Bob's switch changes Bob only: Alice's consent and agent token stay.
    expect(await setAgentAppsConsentAction(null, { allow: true })).toEqual({ ok: true });
    expect(await setAgentAppsConsentAction(null, { allow: false })).toEqual({ ok: true });
    const agentRows = () => suite.db.select({ id: tokens.id }).from(tokens).where(eq(tokens.kind, "agent"));
    expect(await agentRows()).toHaveLength(1);

    signInAs(suite.users.alice.user);
    expect(await revokeAgentTokenAction(null, { tokenId: fixture.aliceAgentTokenId })).toEqual({ ok: true });
    expect(await agentRows()).toHaveLength(0);
    await generateAgentToken(
      suite.db,
      { agentAppId: fixture.agentAppId, login: "alice", task: "t2" },
      { clientIp: null, at: new Date() },
    );
    expect(await setAgentAppsConsentAction(null, { allow: false })).toEqual({ ok: true });
    expect(await agentRows()).toHaveLength(0);
    const [alice] = await suite.db.select().from(users).where(eq(users.id, suite.users.alice.user.id));
    expect(alice?.allowAgentApps).toBe(false);
  });

  it("an admin cannot delete their own account or the last admin through the action", async () => {
    signInAs(suite.users.admin.user);
    const before = await snapshot(suite.db);
    const self = await deleteUserAction(null, { userId: suite.users.admin.user.id });
    expect(self).toMatchObject({ ok: false, error: "You cannot delete your own account." });
    expect(await snapshot(suite.db)).toEqual(before);
  });

  it("the Global Execute Analysis switch grants and removes the global grant, and is idempotent", async () => {
    signInAs(suite.users.admin.user);
    const bob = suite.users.bob.user;
    const globalGrants = async () =>
      (await suite.db.select().from(scanPermissions).where(eq(scanPermissions.userId, bob.id))).filter(
        (g) => g.projectId === null,
      ).length;
    expect(await setGlobalScanAction(null, { userId: bob.id, enabled: true })).toEqual({ ok: true });
    expect(await setGlobalScanAction(null, { userId: bob.id, enabled: true })).toEqual({ ok: true });
    expect(await globalGrants()).toBe(1);
    expect(await setGlobalScanAction(null, { userId: bob.id, enabled: false })).toEqual({ ok: true });
    expect(await globalGrants()).toBe(0);
    expect(await setGlobalScanAction(null, { userId: bob.id, enabled: "yes" })).toMatchObject({ ok: false });
  });
});
