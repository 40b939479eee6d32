import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { jsonWithSecret, methodNotAllowed } from "@/lib/api/responses";
import { targetUser } from "@/lib/api/target-user";
import { issuePersonalToken } from "@/lib/tokens/issue-personal-token";
import { API_TOKEN_TYPE_NAMES, kindsWhere } from "@/lib/tokens/kinds";
import { tokenNameSchema } from "@/lib/tokens/names";

const paramsSchema = z.object({
  name: tokenNameSchema,
  // An empty `type` is no type, as SonarQube reads it.
  type: z.preprocess(
    (type) => (type === "" ? undefined : type),
    z.enum(API_TOKEN_TYPE_NAMES, { error: `must be one of ${API_TOKEN_TYPE_NAMES.join(", ")}.` }).default("USER_TOKEN"),
  ),
  login: z.string().optional(),
  projectKey: z.string().optional(),
  expirationDate: z.string().optional(),
});

export const POST = apiRoute(
  { as: "user", kinds: kindsWhere("managesTokens") },
  async ({ params, actor, db, now, clientIp }) => {
    const input = params.parse(paramsSchema);
    const owner = await targetUser(db, actor, input.login);
    const { value, token, projectKey } = await issuePersonalToken(
      db,
      {
        owner,
        type: input.type,
        name: input.name,
        projectKey: input.projectKey,
        expiry: { expirationDate: input.expirationDate },
      },
      { actor, clientIp, at: now },
    );
    return jsonWithSecret({
      login: owner.login,
      name: token.name,
      token: value,
      createdAt: token.createdAt.toISOString(),
      type: input.type,
      ...(projectKey ? { projectKey } : {}),
      ...(token.expiresAt ? { expirationDate: token.expiresAt.toISOString() } : {}),
    });
  },
);

export const GET = methodNotAllowed("POST");
