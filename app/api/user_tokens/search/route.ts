import { z } from "zod";
import { listPersonalTokens } from "@/db/queries/tokens";
import { apiRoute } from "@/lib/api/handler";
import { json, methodNotAllowed } from "@/lib/api/responses";
import { targetUser } from "@/lib/api/target-user";
import { isExpired } from "@/lib/tokens/expiry";
import { apiTokenType } from "@/lib/tokens/kinds";

const paramsSchema = z.object({ login: z.string().optional() });

export const GET = apiRoute({ as: "user" }, async ({ params, actor, db, now }) => {
  const owner = await targetUser(db, actor, params.parse(paramsSchema).login);
  const rows = await listPersonalTokens(db, owner.id, now);
  return json({
    login: owner.login,
    userTokens: rows.map((t) => {
      // A rotated token is listed until it stops, and that is its expiration for the client.
      const expiresAt = t.rotatedUntil ?? t.expiresAt;
      return {
        name: t.name,
        createdAt: t.createdAt.toISOString(),
        type: apiTokenType(t.kind),
        ...(t.lastUsedAt ? { lastConnectionDate: t.lastUsedAt.toISOString() } : {}),
        ...(t.lastUsedIp ? { lastConnectionIp: t.lastUsedIp } : {}),
        ...(t.lastUsedClient ? { lastConnectionClient: t.lastUsedClient } : {}),
        ...(expiresAt ? { expirationDate: expiresAt.toISOString(), isExpired: isExpired(expiresAt, now) } : {}),
        ...(t.projectKey ? { project: { key: t.projectKey, name: t.projectName } } : {}),
      };
    }),
  });
});

export const POST = methodNotAllowed("GET");
