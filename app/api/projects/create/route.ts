import { z } from "zod";
import { actingAdmin } from "@/lib/api/authorize";
import { apiRoute } from "@/lib/api/handler";
import { json, methodNotAllowed } from "@/lib/api/responses";
import { createProject } from "@/lib/projects/manage";
import { projectKeySchema, projectNameSchema } from "@/lib/projects/schemas";

// SonarQube's parameter names: `project` is the key.
const paramsSchema = z.object({ project: projectKeySchema, name: projectNameSchema });

export const POST = apiRoute({ auth: "required" }, async ({ params, principal, db, clientIp, now }) => {
  const admin = actingAdmin(principal);
  const input = params.parse(paramsSchema);
  const project = await createProject(
    db,
    { key: input.project, name: input.name },
    { actor: admin, clientIp, at: now },
  );
  return json({ project: { key: project.key, name: project.name } });
});

export const GET = methodNotAllowed("POST");
