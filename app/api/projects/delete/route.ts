import { actingAdmin } from "@/lib/api/authorize";
import { apiRoute } from "@/lib/api/handler";
import { methodNotAllowed, noContent } from "@/lib/api/responses";
import { deleteProject } from "@/lib/projects/manage";

export const POST = apiRoute({ auth: "required" }, async ({ params, principal, db, clientIp, now }) => {
  const admin = actingAdmin(principal);
  await deleteProject(db, params.require("project"), { actor: admin, clientIp, at: now });
  return noContent();
});

export const GET = methodNotAllowed("POST");
