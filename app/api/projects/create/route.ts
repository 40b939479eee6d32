import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { json, methodNotAllowed } from "@/lib/api/responses";
import { createProject } from "@/lib/projects/manage";
import { projectKeySchema, projectNameSchema } from "@/lib/projects/schemas";

// SonarQube's parameter names: `project` is the key.
const paramsSchema = z.object({ project: projectKeySchema, name: projectNameSchema });

export const POST = apiRoute({ as: "admin" }, async ({ params, actor, db, clientIp, now }) => {
  const input = params.parse(paramsSchema);
  const project = await createProject(db, { key: input.project, name: input.name }, { actor, clientIp, at: now });
  return json({ project: { key: project.key, name: project.name } });
});

export const GET = methodNotAllowed("POST");
