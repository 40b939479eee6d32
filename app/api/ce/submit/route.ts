import { submitAnalysis } from "@/lib/analysis/submit";
import { apiRoute } from "@/lib/api/handler";
import { json, methodNotAllowed } from "@/lib/api/responses";
import { AppError } from "@/lib/errors";

export const POST = apiRoute({ auth: "required" }, async ({ params, principal, db, now }) => {
  if (!principal) throw new AppError("unauthorized", "Authentication is required.");
  const projectKey = params.require("projectKey");
  return json(await submitAnalysis(db, principal, projectKey, now));
});

export const GET = methodNotAllowed("POST");
