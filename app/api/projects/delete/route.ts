import { actingAdmin } from "@/lib/api/authorize";
import { apiRoute } from "@/lib/api/handler";
import { methodNotAllowed, noContent } from "@/lib/api/responses";
import { deleteProject } from "@/lib/projects/manage";

export const POST = apiRoute({ auth: "required" }, async ({ params, principal, db }) => {
  actingAdmin(principal);
  await deleteProject(db, params.require("project"));
  return noContent();
});

export const GET = methodNotAllowed("POST");
