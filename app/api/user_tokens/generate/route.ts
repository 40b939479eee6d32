import { getTokenSettings } from "@/db/queries/settings";
import { actingUser } from "@/lib/api/authorize";
import { apiRoute } from "@/lib/api/handler";
import { jsonWithSecret, methodNotAllowed } from "@/lib/api/responses";
import { targetUser } from "@/lib/api/target-user";
import { AppError } from "@/lib/errors";
import { analysisProjectFor } from "@/lib/tokens/analysis-scope";
import { API_TOKEN_TYPES, type ApiTokenType } from "@/lib/tokens/kinds";
import { tokenNameSchema } from "@/lib/tokens/names";
import { expiryForApiDate } from "@/lib/tokens/policy";
import { generatePersonalToken } from "@/lib/tokens/personal-tokens";

function parseType(value: string | undefined): ApiTokenType {
  if (value === undefined || value === "") return "USER_TOKEN";
  // Own keys only: `in` would also accept "toString", "constructor" and the like.
  if (Object.hasOwn(API_TOKEN_TYPES, value)) return value as ApiTokenType;
  throw new AppError(
    "bad_request",
    `The 'type' parameter must be one of ${Object.keys(API_TOKEN_TYPES).join(", ")}.`,
    "type",
  );
}

export const POST = apiRoute({ auth: "required" }, async ({ params, principal, db, now, clientIp }) => {
  const actor = actingUser(principal, { managesTokens: true });
  const name = tokenNameSchema.safeParse(params.get("name") ?? "");
  if (!name.success) {
    throw new AppError("bad_request", `The 'name' parameter is invalid: ${name.error.issues[0]?.message}`, "name");
  }
  const type = parseType(params.get("type"));
  const owner = await targetUser(db, actor, params.get("login"));
  if (type !== "USER_TOKEN" && owner.id !== actor.id) {
    throw new AppError("bad_request", "Analysis tokens cannot be generated for another user.", "type");
  }

  const project = await analysisProjectFor(db, owner, type, params.get("projectKey"));

  const { maxTokenLifetimeDays } = await getTokenSettings(db);
  const expiresAt = expiryForApiDate(params.get("expirationDate"), maxTokenLifetimeDays, now);
  const { value, token } = await generatePersonalToken(
    db,
    { owner, kind: API_TOKEN_TYPES[type], name: name.data, expiresAt, project },
    { actor, clientIp, at: now },
  );
  return jsonWithSecret({
    login: owner.login,
    name: token.name,
    token: value,
    createdAt: token.createdAt.toISOString(),
    type,
    ...(project ? { projectKey: project.key } : {}),
    ...(token.expiresAt ? { expirationDate: token.expiresAt.toISOString() } : {}),
  });
});

export const GET = methodNotAllowed("POST");
