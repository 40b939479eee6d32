import { eq } from "drizzle-orm";
import { getServerSession } from "next-auth";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import OrganizationTokensPage from "@/app/(app)/settings/tokens/page";
import { createOrganizationTokenAction, deleteOrganizationTokenAction } from "@/app/(app)/settings/tokens/actions";
import { insertProject } from "@/db/queries/projects";
import { auditEvents, organizationTokenProjects, projects, settings, tokens, type Project } from "@/db/schema";
import { deleteUser } from "@/lib/users/manage";
import { hashToken } from "@/lib/tokens/format";
import {
  apiSuite,
  DAY_MS,
  databaseSnapshot,
  insertQuickUser,
  isValid,
  issueToken,
  removeUsersExcept,
  setNow,
  T0,
  webApi,
} from "./api";
import { testDatabases } from "./databases";
import { signInAs } from "./signed-in";

vi.mock("next-auth", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next-auth")>()),
  getServerSession: vi.fn(),
}));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));
process.env.__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS = "true";

const ORG_TOKEN = /^tso_[0-9A-Za-z]{38}$/;

describe.each(testDatabases())("organization tokens (Settings > Tokens) on $name", (target) => {
  const suite = apiSuite(target);
  let p1: Project;

  beforeEach(async () => {
    await removeUsersExcept(suite.db, suite.users);
    p1 = await insertProject(suite.db, { key: "p1", name: "Project One" });
    await insertProject(suite.db, { key: "p2", name: "Project Two" });
    signInAs(suite.users.admin.user);
  });
  afterEach(() => {
    vi.mocked(getServerSession).mockReset();
  });

  type Input = Record<string, unknown>;
  const valid: Input = { name: "ci", type: "production", expiry: "Never", scope: "all", projects: [] };
  const create = async (input: Input) => createOrganizationTokenAction(null, { ...valid, ...input });
  const created = async (input: Input = {}) => {
    const result = await create(input);
    if (!result.ok) throw new Error(`create failed: ${JSON.stringify(result)}`);
    return result.token;
  };
  const rowOf = async (name: string) => (await suite.db.select().from(tokens).where(eq(tokens.name, name)))[0];
  const scan = (token: string, projectKey: string) =>
    webApi.ceSubmit({ auth: { bearer: token }, form: { projectKey } });

  it("creates a tso_ token for all projects: stores its hash and hint only, records its creator and the audit event", async () => {
    const value = await created({ name: "ci", type: "development" });
    expect(value).toMatch(ORG_TOKEN);
    const row = await rowOf("ci");
    expect(row).toMatchObject({
      kind: "organization",
      userId: null,
      label: "development",
      allProjects: true,
      expiresAt: null,
      tokenHash: hashToken(value),
      hint: value.slice(-4),
      createdById: suite.users.admin.user.id,
      createdByLogin: "root",
      createdAt: T0,
    });
    const [event] = await suite.db.select().from(auditEvents).where(eq(auditEvents.tokenName, "ci"));
    expect(event).toMatchObject({
      action: "token.generate",
      actorLogin: "root",
      tokenKind: "organization",
      tokenHint: value.slice(-4),
    });
    expect(JSON.stringify(await suite.db.select().from(auditEvents))).not.toContain(value);
    expect((await scan(value, "p1")).status).toBe(200);
    expect((await scan(value, "p2")).status).toBe(200);
  });

  it("keeps a token to its chosen projects, and to none once they are deleted", async () => {
    const value = await created({ name: "p1-only", scope: "chosen", projects: ["p1"] });
    const row = await rowOf("p1-only");
    expect(row?.allProjects).toBe(false);
    expect(await suite.db.select().from(organizationTokenProjects)).toEqual([{ tokenId: row?.id, projectId: p1.id }]);
    expect((await scan(value, "p1")).status).toBe(200);
    expect((await scan(value, "p2")).status).toBe(403);
    await suite.db.delete(projects).where(eq(projects.id, p1.id));
    expect((await scan(value, "p2")).status).toBe(403);
    expect(await isValid(value)).toBe(true);
  });

  it("offers Never and After one year without a maximum lifetime; a year is 365 days to 00:00 UTC", async () => {
    await created({ name: "yearly", expiry: "After one year" });
    expect((await rowOf("yearly"))?.expiresAt).toEqual(new Date(Date.UTC(2027, 2, 10)));
    await created({ name: "forever", expiry: "Never" });
    expect((await rowOf("forever"))?.expiresAt).toBeNull();
  });

  it("under a maximum lifetime offers only what fits: After one year for 1 year, else After <N> days", async () => {
    await suite.db.update(settings).set({ maxTokenLifetimeDays: 365 });
    expect(await create({ name: "never", expiry: "Never" })).toMatchObject({
      ok: false,
      fieldErrors: { expiry: expect.any(String) },
    });
    await created({ name: "yearly", expiry: "After one year" });
    await suite.db.update(settings).set({ maxTokenLifetimeDays: 90 });
    for (const expiry of ["Never", "After one year", "After 30 days"]) {
      expect(await create({ name: `no-${expiry}`, expiry })).toMatchObject({
        ok: false,
        fieldErrors: { expiry: expect.any(String) },
      });
    }
    await created({ name: "ninety", expiry: "After 90 days" });
    expect((await rowOf("ninety"))?.expiresAt).toEqual(new Date(T0.getTime() - 12 * 3_600_000 + 90 * DAY_MS));
    expect((await suite.db.select().from(tokens)).map((t) => t.name).sort()).toEqual(["ninety", "yearly"]);
  });

  it("refuses bad input with a message on the field and creates nothing", async () => {
    const before = await databaseSnapshot(suite.db);
    const cases: [Input, string][] = [
      [{ name: "  " }, "name"],
      [{ name: "x".repeat(101) }, "name"],
      [{ type: "staging" }, "type"],
      [{ expiry: "Tomorrow" }, "expiry"],
      [{ scope: "some" }, "scope"],
      [{ scope: "chosen", projects: [] }, "projects"],
      [{ scope: "chosen", projects: ["nope"] }, "projects"],
      [{ scope: "chosen", projects: ["bad key!"] }, "projects"],
      [{ scope: "chosen", projects: "p1" }, "projects"],
    ];
    for (const [input, field] of cases) {
      const result = await create(input);
      expect(result, JSON.stringify(input)).toMatchObject({ ok: false });
      if (!result.ok) expect(Object.keys(result.fieldErrors), JSON.stringify(input)).toContain(field);
    }
    expect(await databaseSnapshot(suite.db)).toEqual(before);
  });

  it("refuses a duplicate name, also when two requests race", async () => {
    await created({ name: "ci" });
    expect(await create({ name: " ci " })).toMatchObject({
      ok: false,
      fieldErrors: { name: expect.stringContaining("already exists") },
    });
    const race = await Promise.all([create({ name: "twin" }), create({ name: "twin" })]);
    expect(race.filter((r) => r.ok)).toHaveLength(1);
    expect(race.find((r) => !r.ok)).toMatchObject({ fieldErrors: { name: expect.stringContaining("already exists") } });
    expect((await suite.db.select().from(tokens).where(eq(tokens.name, "twin"))).length).toBe(1);
  });

  it("survives the deletion of the admin who created it, who stays shown as its creator", async () => {
    const maker = (await insertQuickUser(suite.db, "maker", "admin")).user;
    signInAs(maker);
    const value = await created({ name: "from-maker" });
    await deleteUser(suite.db, maker, { actor: suite.users.admin.user, clientIp: null, at: T0 });
    expect(await rowOf("from-maker")).toMatchObject({ createdById: null, createdByLogin: "maker" });
    expect((await scan(value, "p1")).status).toBe(200);
    signInAs(suite.users.admin.user);
    expect(JSON.stringify(await OrganizationTokensPage({ searchParams: Promise.resolve({}) }))).toContain(
      '"createdBy":"maker"',
    );
  });

  it("deleting a token kills it on the next request and is recorded; a second delete finds nothing", async () => {
    const value = await created({ name: "doomed" });
    expect(await isValid(value)).toBe(true);
    const row = await rowOf("doomed");
    expect(await deleteOrganizationTokenAction(null, { tokenId: row?.id })).toEqual({ ok: true });
    expect(await isValid(value)).toBe(false);
    expect((await scan(value, "p1")).status).toBe(401);
    expect(await deleteOrganizationTokenAction(null, { tokenId: row?.id })).toMatchObject({
      ok: false,
      error: "Token not found.",
    });
    const events = await suite.db.select().from(auditEvents).where(eq(auditEvents.action, "token.delete"));
    expect(events.filter((e) => e.tokenName === "doomed")).toHaveLength(1);
  });

  it("the delete action removes organization tokens only, never a user's token", async () => {
    await issueToken(suite.db, { kind: "user", name: "alice-ci", userId: suite.users.alice.user.id });
    const alice = await rowOf("alice-ci");
    expect(await deleteOrganizationTokenAction(null, { tokenId: alice?.id })).toMatchObject({
      ok: false,
      error: "Token not found.",
    });
    expect(await rowOf("alice-ci")).toBeDefined();
  });

  it("an expired organization token fails from its expiry instant", async () => {
    const value = await created({ name: "yearly", expiry: "After one year" });
    setNow(new Date(Date.UTC(2027, 2, 10) - 1));
    expect((await scan(value, "p1")).status).toBe(200);
    setNow(new Date(Date.UTC(2027, 2, 10)));
    expect((await scan(value, "p1")).status).toBe(401);
  });
});
