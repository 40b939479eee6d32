import { methodNotAllowed } from "@/lib/api/responses";
import { scanGrantRoute } from "@/lib/api/scan-grant-route";

export const POST = scanGrantRoute(true);
export const GET = methodNotAllowed("POST");
