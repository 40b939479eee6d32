import { listPersonalTokens } from "@/db/queries/tokens";
import { actingUser } from "@/lib/api/authorize";
import { apiRoute } from "@/lib/api/handler";
import { json, methodNotAllowed } from "@/lib/api/responses";
import { targetUser } from "@/lib/api/target-user";
import { isExpired } from "@/lib/tokens/expiry";
import { apiTokenType } from "@/lib/tokens/kinds";

export const GET = apiRoute({ auth: "required" }, async ({ params, principal, db, now }) => {
  const actor = actingUser(principal);
  const owner = await targetUser(db, actor, params.get("login"));
  const rows = await listPersonalTokens(db, owner.id);
  return json({
    login: owner.login,
    userTokens: rows.map((t) => ({
      name: t.name,
      createdAt: t.createdAt.toISOString(),
      type: apiTokenType(t.kind),
      ...(t.lastUsedAt ? { lastConnectionDate: t.lastUsedAt.toISOString() } : {}),
      ...(t.expiresAt ? { expirationDate: t.expiresAt.toISOString(), isExpired: isExpired(t.expiresAt, now) } : {}),
      ...(t.projectKey ? { project: { key: t.projectKey, name: t.projectName } } : {}),
    })),
  });
});

export const POST = methodNotAllowed("GET");
