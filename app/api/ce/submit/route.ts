import { z } from "zod";
import { requiredParam } from "@/lib/api/params";
import { submitAnalysis } from "@/lib/analysis/submit";
import { apiRoute } from "@/lib/api/handler";
import { json, methodNotAllowed } from "@/lib/api/responses";
import { kindsThatMayScan } from "@/lib/tokens/kinds";

const paramsSchema = z.object({ projectKey: requiredParam });

export const POST = apiRoute({ as: "caller", kinds: kindsThatMayScan() }, async ({ params, principal, db, now }) => {
  const { projectKey } = params.parse(paramsSchema);
  return json(await submitAnalysis(db, principal, projectKey, now));
});

export const GET = methodNotAllowed("POST");
