import { z } from "zod";
import { requiredParam } from "./params";
import { setScanGrant } from "@/lib/permissions";
import { requireProject } from "@/lib/projects/manage";
import { getUserByLoginOrThrow } from "@/lib/users/lookup";
import { apiRoute } from "./handler";
import { noContent } from "./responses";

const paramsSchema = z.object({
  login: requiredParam,
  // The one permission Tokensmith has.
  permission: z.literal("scan", { error: "must be 'scan'." }),
  projectKey: z.string().optional(),
});

/**
 * permissions/add_user and permissions/remove_user: `login`, `permission=scan`, and an optional
 * `projectKey` (without it the grant is global). Idempotent.
 */
export function scanGrantRoute(granted: boolean) {
  return apiRoute({ as: "admin" }, async ({ params, actor, db, clientIp, now }) => {
    const { login, projectKey } = params.parse(paramsSchema);
    const user = await getUserByLoginOrThrow(db, login);
    const project = projectKey === undefined || projectKey === "" ? null : await requireProject(db, projectKey);
    await setScanGrant(db, { user, project, granted }, { actor, clientIp, at: now });
    return noContent();
  });
}
