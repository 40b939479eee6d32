import { apiRoute } from "@/lib/api/handler";
import { methodNotAllowed, plainText } from "@/lib/api/responses";

/** `pong`, without credentials: the server process answers (it does not ask the database). */
export const GET = apiRoute({ as: "anyone" }, async () => plainText("pong"));

export const POST = methodNotAllowed("GET");
