import { z } from "zod";
import { requiredParam } from "@/lib/api/params";
import { apiRoute } from "@/lib/api/handler";
import { methodNotAllowed, noContent } from "@/lib/api/responses";
import { deleteProject } from "@/lib/projects/manage";

const paramsSchema = z.object({ project: requiredParam });

export const POST = apiRoute({ as: "admin" }, async ({ params, actor, db, clientIp, now }) => {
  await deleteProject(db, params.parse(paramsSchema).project, { actor, clientIp, at: now });
  return noContent();
});

export const GET = methodNotAllowed("POST");
