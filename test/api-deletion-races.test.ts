import { describe, expect, it } from "vitest";
import { projects, scanPermissions } from "@/db/schema";
import {
  api,
  apiSuite,
  errorMessage,
  insertQuickUser,
  issueToken,
  removeUsersExcept,
  webApi,
  type Credentials,
} from "./api";
import { testDatabases } from "./databases";

// A project or user deleted while other requests are using it: those requests may find it gone
// (404, or 401/403 for the deleted user's own credentials) but never fail with a 500, and the
// deletion itself always succeeds.

const ROUNDS = 10;

async function expectOneOf(res: Response, allowed: number[], what: string): Promise<void> {
  expect(allowed, `${what} answered ${res.status}`).toContain(res.status);
  if (res.status >= 400) await errorMessage(res);
}

describe.each(testDatabases())("requests racing a deletion on $name", (target) => {
  const suite = apiSuite(target);
  const adminToken = async (): Promise<Credentials> => ({
    bearer: await issueToken(suite.db, { kind: "user", name: "cli", userId: suite.users.admin.user.id }),
  });

  it("a project deleted while it is scanned, granted and given a token", async () => {
    const admin = await adminToken();
    for (let round = 0; round < ROUNDS; round++) {
      await suite.db.insert(projects).values({ key: "p1", name: "P1" });
      const [submit, grant, generate, remove] = await Promise.all([
        webApi.ceSubmit({ auth: admin, form: { projectKey: "p1" } }),
        webApi.addUser({ auth: admin, form: { login: "bob", permission: "scan", projectKey: "p1" } }),
        api.generate({
          auth: admin,
          form: { name: `scan-${round}`, type: "PROJECT_ANALYSIS_TOKEN", projectKey: "p1" },
        }),
        webApi.projectsDelete({ auth: admin, form: { project: "p1" } }),
      ]);
      await expectOneOf(remove, [204], `round ${round}: projects/delete`);
      await expectOneOf(submit, [200, 404], `round ${round}: ce/submit`);
      await expectOneOf(grant, [204, 404], `round ${round}: permissions/add_user`);
      await expectOneOf(generate, [200, 404], `round ${round}: user_tokens/generate`);
      expect(await suite.db.select().from(projects)).toEqual([]);
      expect(await suite.db.select().from(scanPermissions)).toEqual([]);
    }
  });

  it("a user deleted while they scan and while they are granted and given a token", async () => {
    const admin = await adminToken();
    await suite.db.insert(projects).values({ key: "p1", name: "P1" });
    for (let round = 0; round < ROUNDS; round++) {
      await removeUsersExcept(suite.db, suite.users);
      const victim = (await insertQuickUser(suite.db, "victim")).user;
      await suite.db.insert(scanPermissions).values({ userId: victim.id, projectId: null });
      const own = { bearer: await issueToken(suite.db, { kind: "user", name: "own", userId: victim.id }) };
      const [submit, grant, generate, remove] = await Promise.all([
        webApi.ceSubmit({ auth: own, form: { projectKey: "p1" } }),
        webApi.addUser({ auth: admin, form: { login: "victim", permission: "scan", projectKey: "p1" } }),
        api.generate({ auth: admin, form: { name: `for-victim-${round}`, login: "victim" } }),
        webApi.usersDelete({ auth: admin, form: { login: "victim" } }),
      ]);
      await expectOneOf(remove, [204], `round ${round}: users/delete`);
      await expectOneOf(submit, [200, 401, 403, 404], `round ${round}: ce/submit by the deleted user`);
      await expectOneOf(grant, [204, 404], `round ${round}: permissions/add_user`);
      await expectOneOf(generate, [200, 404], `round ${round}: user_tokens/generate`);
    }
  });
});
