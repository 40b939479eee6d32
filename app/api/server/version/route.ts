import { apiRoute } from "@/lib/api/handler";
import { methodNotAllowed, plainText } from "@/lib/api/responses";
import { APP_VERSION } from "@/lib/system/version";

/** The version as plain text, without credentials: scanners ask it before anything else. */
export const GET = apiRoute({ as: "anyone" }, async () => plainText(APP_VERSION));

export const POST = methodNotAllowed("GET");
