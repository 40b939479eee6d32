import { z } from "zod";
import { requiredParam } from "@/lib/api/params";
import { apiRoute } from "@/lib/api/handler";
import { methodNotAllowed, noContent } from "@/lib/api/responses";
import { getUserByLoginOrThrow } from "@/lib/users/lookup";
import { deleteUser } from "@/lib/users/manage";

const paramsSchema = z.object({ login: requiredParam });

export const POST = apiRoute({ as: "admin" }, async ({ params, actor, db, clientIp, now }) => {
  const user = await getUserByLoginOrThrow(db, params.parse(paramsSchema).login);
  await deleteUser(db, user, { actor, clientIp, at: now });
  return noContent();
});

export const GET = methodNotAllowed("POST");
