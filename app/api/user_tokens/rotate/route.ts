import { z } from "zod";
import { authorizeCaller } from "@/lib/api/authorize";
import { apiRoute } from "@/lib/api/handler";
import { jsonWithSecret, methodNotAllowed } from "@/lib/api/responses";
import { targetUser } from "@/lib/api/target-user";
import { AppError } from "@/lib/errors";
import { apiTokenType, kindsWhere } from "@/lib/tokens/kinds";
import { rotateToken, type RotationTarget } from "@/lib/tokens/rotate";
import { DEFAULT_OVERLAP_SECONDS, MAX_OVERLAP_SECONDS } from "@/lib/tokens/rotation-policy";

const overlapMessage = `must be a whole number of seconds from 0 to ${MAX_OVERLAP_SECONDS}.`;

const paramsSchema = z.object({
  // Blank is refused rather than read as "rotate the presented token": a script with an unset
  // variable must not rotate its own credential by accident.
  name: z.string().trim().min(1, "must not be empty.").optional(),
  login: z.string().optional(),
  overlapSeconds: z
    .string()
    .regex(/^\d+$/, overlapMessage)
    .transform(Number)
    .refine((seconds) => seconds <= MAX_OVERLAP_SECONDS, overlapMessage)
    .optional(),
});

/** SonarQube has no type for instance-owned tokens; the only rotatable one is the organization token. */
const INSTANCE_TOKEN_TYPE = "ORGANIZATION_TOKEN";

/**
 * Rotates a token by `name` (a user's own, or for admins another user's with `login`), or without
 * `name` the presented token itself, so a CI job can renew the credential it runs with.
 */
export const POST = apiRoute(
  { as: "caller", kinds: kindsWhere("rotatable") },
  async ({ principal, params, db, now, clientIp }) => {
    const input = params.parse(paramsSchema);
    let target: RotationTarget;
    if (input.name === undefined) {
      if (!principal.token || input.login) {
        throw new AppError("bad_request", "The 'name' parameter is missing.", "name");
      }
      target = { tokenId: principal.token.id, ownerId: principal.token.userId };
    } else {
      // Naming a token is managing tokens: a user, by password or a token that manages tokens.
      const { actor } = authorizeCaller(principal, { as: "user", kinds: kindsWhere("managesTokens") });
      const owner = await targetUser(db, actor, input.login);
      target = { name: input.name, ownerId: owner.id };
    }
    const rotated = await rotateToken(db, target, input.overlapSeconds ?? DEFAULT_OVERLAP_SECONDS, {
      actor: principal.user,
      clientIp,
      at: now,
    });
    const { successor } = rotated;
    return jsonWithSecret({
      login: rotated.ownerLogin ?? "",
      name: successor.name,
      token: rotated.value,
      createdAt: successor.createdAt.toISOString(),
      type: apiTokenType(successor.kind) ?? INSTANCE_TOKEN_TYPE,
      ...(rotated.projectKey ? { projectKey: rotated.projectKey } : {}),
      ...(successor.expiresAt ? { expirationDate: successor.expiresAt.toISOString() } : {}),
      previousTokenExpiresAt: rotated.previousUntil.toISOString(),
    });
  },
);

export const GET = methodNotAllowed("POST");
