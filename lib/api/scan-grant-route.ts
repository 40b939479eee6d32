import { actingAdmin } from "./authorize";
import { apiRoute } from "./handler";
import { noContent } from "./responses";
import { requireUserByLogin } from "./target-user";
import { AppError } from "@/lib/errors";
import { setScanGrant } from "@/lib/permissions";
import { requireProject } from "@/lib/projects/manage";

/**
 * permissions/add_user and permissions/remove_user: `login`, `permission=scan` (the one permission
 * Tokensmith has), and an optional `projectKey` (without it the grant is global). Idempotent.
 */
export function scanGrantRoute(granted: boolean) {
  return apiRoute({ auth: "required" }, async ({ params, principal, db, clientIp, now }) => {
    const admin = actingAdmin(principal);
    const login = params.require("login");
    const permission = params.require("permission");
    if (permission !== "scan") {
      throw new AppError("bad_request", "The 'permission' parameter must be 'scan'.", "permission");
    }
    const projectKey = params.get("projectKey");
    const user = await requireUserByLogin(db, login);
    const project = projectKey === undefined || projectKey === "" ? null : await requireProject(db, projectKey);
    await setScanGrant(db, { user, project, granted }, { actor: admin, clientIp, at: now });
    return noContent();
  });
}
