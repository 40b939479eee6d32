import { apiRoute } from "@/lib/api/handler";
import { json, methodNotAllowed } from "@/lib/api/responses";

/** Whether the presented credentials are valid: 200 either way, never 401 (SonarQube behaviour). */
export const GET = apiRoute({ as: "anyone" }, async ({ principal }) => json({ valid: principal !== null }));

export const POST = methodNotAllowed("GET");
