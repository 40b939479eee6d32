import { apiRoute } from "@/lib/api/handler";
import { json, methodNotAllowed } from "@/lib/api/responses";
import { systemHealth } from "@/lib/system/health";

/** Admins only, as in SonarQube: `{health: "GREEN", causes: []}`, or RED with the cause. */
export const GET = apiRoute({ as: "admin" }, async ({ db }) => json(await systemHealth(db)));

export const POST = methodNotAllowed("GET");
