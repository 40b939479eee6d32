import { apiRoute } from "@/lib/api/handler";
import { json, methodNotAllowed } from "@/lib/api/responses";
import { kindsWhere } from "@/lib/tokens/kinds";
import { systemHealth } from "@/lib/system/health";

/**
 * Admins only, as in SonarQube: `{health: "GREEN", causes: []}`, or RED with the cause. A read: an
 * admin's agent token may call it too, as it acts as its user.
 */
export const GET = apiRoute({ as: "admin", kinds: kindsWhere("actsAsUser") }, async ({ db }) =>
  json(await systemHealth(db)),
);

export const POST = methodNotAllowed("GET");
