import { beforeEach, describe, expect, it } from "vitest";
import { GET as ceSubmitGet } from "@/app/api/ce/submit/route";
import { GET as addUserGet } from "@/app/api/permissions/add_user/route";
import { GET as removeUserGet } from "@/app/api/permissions/remove_user/route";
import { GET as projectsCreateGet } from "@/app/api/projects/create/route";
import { GET as projectsDeleteGet } from "@/app/api/projects/delete/route";
import { POST as projectsSearchPost } from "@/app/api/projects/search/route";
import { GET as usersCreateGet } from "@/app/api/users/create/route";
import { GET as usersDeleteGet } from "@/app/api/users/delete/route";
import { projects } from "@/db/schema";
import {
  apiSuite,
  databaseSnapshot,
  errorMessage,
  issueToken,
  webApi,
  type CallOptions,
  type Credentials,
} from "./api";
import { testDatabases } from "./databases";

// The new endpoints' answers to malformed requests: always the one error shape, never a 500.

describe("wrong HTTP method on the new endpoints", () => {
  it.each([
    ["GET /api/users/create", usersCreateGet, "POST"],
    ["GET /api/users/delete", usersDeleteGet, "POST"],
    ["GET /api/projects/create", projectsCreateGet, "POST"],
    ["GET /api/projects/delete", projectsDeleteGet, "POST"],
    ["POST /api/projects/search", projectsSearchPost, "GET"],
    ["GET /api/permissions/add_user", addUserGet, "POST"],
    ["GET /api/permissions/remove_user", removeUserGet, "POST"],
    ["GET /api/ce/submit", ceSubmitGet, "POST"],
  ] as const)("%s answers 405 with Allow: %s", async (_name, handler, allowed) => {
    const res = await handler();
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe(allowed);
    expect(await res.json()).toEqual({ errors: [{ msg: `This endpoint accepts ${allowed} only.` }] });
  });
});

type Call = (o: CallOptions) => Promise<Response>;

/** Each endpoint with parameters that would succeed, and the one to poison. */
const ENDPOINTS: [string, Call, Record<string, string>, string][] = [
  ["POST /api/users/create", webApi.usersCreate, { login: "newcomer", name: "N", password: "password1" }, "name"],
  ["POST /api/users/delete", webApi.usersDelete, { login: "bob" }, "login"],
  ["POST /api/projects/create", webApi.projectsCreate, { project: "new", name: "New" }, "name"],
  ["POST /api/projects/delete", webApi.projectsDelete, { project: "p1" }, "project"],
  ["POST /api/permissions/add_user", webApi.addUser, { login: "bob", permission: "scan", projectKey: "p1" }, "login"],
  ["POST /api/permissions/remove_user", webApi.removeUser, { login: "bob", permission: "scan" }, "projectKey"],
  ["POST /api/ce/submit", webApi.ceSubmit, { projectKey: "p1" }, "projectKey"],
];

describe.each(testDatabases())("malformed requests to the new endpoints on $name", (target) => {
  const suite = apiSuite(target);
  let asAdmin: Credentials;
  beforeEach(async () => {
    asAdmin = { bearer: await issueToken(suite.db, { kind: "user", name: "cli", userId: suite.users.admin.user.id }) };
    await suite.db.insert(projects).values({ key: "p1", name: "Project 1" });
  });

  /** Expects a 400 in the error shape that changed nothing, and returns its message. */
  const expect400 = async (call: Call, options: CallOptions) => {
    const before = await databaseSnapshot(suite.db);
    const res = await call({ auth: asAdmin, ...options });
    expect(res.status).toBe(400);
    const msg = await errorMessage(res);
    expect(await databaseSnapshot(suite.db)).toEqual(before);
    return msg;
  };

  describe.each(ENDPOINTS)("%s", (_name, call, valid, poisoned) => {
    it.each(["{not json", "[1,2]", '"text"', "null"])("refuses the JSON body %j", async (body) => {
      const msg = await expect400(call, { raw: { body, contentType: "application/json" } });
      expect(msg).toMatch(/JSON/);
    });

    it("reads an empty JSON body as none: without parameters, it names the missing one", async () => {
      const msg = await expect400(call, { raw: { body: "", contentType: "application/json" } });
      expect(msg).toMatch(/^The '\w+' parameter is missing\.$/);
    });

    it("refuses a parameter that is not a string in a JSON body", async () => {
      expect(await expect400(call, { json: { ...valid, [poisoned]: { nested: true } } })).toContain(`'${poisoned}'`);
      expect(await expect400(call, { json: { ...valid, [poisoned]: ["a"] } })).toContain(`'${poisoned}'`);
    });

    it(`refuses NUL in '${poisoned}', in a form, a JSON body or the query string`, async () => {
      const nul = `a\u0000b`;
      expect(await expect400(call, { form: { ...valid, [poisoned]: nul } })).toContain(`'${poisoned}'`);
      expect(await expect400(call, { json: { ...valid, [poisoned]: nul } })).toContain(`'${poisoned}'`);
      expect(await expect400(call, { query: { ...valid, [poisoned]: nul } })).toContain(`'${poisoned}'`);
    });
  });

  it("GET /api/projects/search refuses NUL in q", async () => {
    const res = await webApi.projectsSearch({ auth: asAdmin, query: { q: "a\u0000" } });
    expect(res.status).toBe(400);
    expect(await errorMessage(res)).toContain("'q'");
  });

  it("accepts the parameters in the query string of a POST, as SonarQube does", async () => {
    const res = await webApi.projectsCreate({ auth: asAdmin, query: { project: "from-query", name: "Q" } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ project: { key: "from-query", name: "Q" } });
  });
});
