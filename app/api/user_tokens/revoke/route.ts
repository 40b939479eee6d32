import { actingUser } from "@/lib/api/authorize";
import { apiRoute } from "@/lib/api/handler";
import { noContent, methodNotAllowed } from "@/lib/api/responses";
import { targetUser } from "@/lib/api/target-user";
import { revokePersonalToken } from "@/lib/tokens/personal-tokens";

export const POST = apiRoute({ auth: "required" }, async ({ params, principal, db, clientIp, now }) => {
  const actor = actingUser(principal, { managesTokens: true });
  const name = params.require("name");
  const owner = await targetUser(db, actor, params.get("login"));
  await revokePersonalToken(db, { owner, name: name.trim() }, { actor, clientIp, at: now });
  return noContent();
});

export const GET = methodNotAllowed("POST");
