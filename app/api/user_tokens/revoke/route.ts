import { z } from "zod";
import { requiredParam } from "@/lib/api/params";
import { apiRoute } from "@/lib/api/handler";
import { methodNotAllowed, noContent } from "@/lib/api/responses";
import { targetUser } from "@/lib/api/target-user";
import { kindsWhere } from "@/lib/tokens/kinds";
import { revokePersonalToken } from "@/lib/tokens/personal-tokens";

const paramsSchema = z.object({
  name: requiredParam.transform((name) => name.trim()),
  login: z.string().optional(),
});

export const POST = apiRoute(
  { as: "user", kinds: kindsWhere("managesTokens") },
  async ({ params, actor, db, clientIp, now }) => {
    const { name, login } = params.parse(paramsSchema);
    const owner = await targetUser(db, actor, login);
    await revokePersonalToken(db, { owner, name }, { actor, clientIp, at: now });
    return noContent();
  },
);

export const GET = methodNotAllowed("POST");
