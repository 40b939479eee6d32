"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { revokeOwnAgentToken, setAgentAppsAllowed } from "@/lib/agents/agent-tokens";
import { endOtherSessions } from "@/lib/auth/sessions";
import { userAction } from "@/lib/auth/user-action";
import { issuePersonalToken } from "@/lib/tokens/issue-personal-token";
import { API_TOKEN_TYPE_NAMES } from "@/lib/tokens/kinds";
import { tokenNameSchema } from "@/lib/tokens/names";
import { revokePersonalToken } from "@/lib/tokens/personal-tokens";
import { rotateToken } from "@/lib/tokens/rotate";
import { overlapChoiceSchema } from "@/lib/tokens/rotation-policy";

const generateSchema = z.object({
  name: tokenNameSchema,
  type: z.enum(API_TOKEN_TYPE_NAMES).default("USER_TOKEN"),
  projectKey: z.string().optional(),
  expiresIn: z.string({ error: "Choose an expiration." }),
});

export const generateToken = userAction(generateSchema, async (input, { actor, audit }) => {
  const { value } = await issuePersonalToken(
    getDb(),
    {
      owner: actor,
      type: input.type,
      name: input.name,
      projectKey: input.projectKey,
      expiry: { lifetime: input.expiresIn },
    },
    audit,
  );
  revalidatePath("/account/security");
  return { ok: true, token: value };
});

export const revokeToken = userAction(z.object({ tokenId: z.uuid() }), async ({ tokenId }, { actor, audit }) => {
  // The owner is part of the delete's condition: another user's token id matches nothing.
  await revokePersonalToken(getDb(), { owner: actor, tokenId }, audit);
  revalidatePath("/account/security");
  return { ok: true };
});

/** `Rotate`: the successor's value goes to the `New token` dialog; the owner is part of the lookup. */
export const rotateOwnToken = userAction(
  z.object({ tokenId: z.uuid(), overlapSeconds: overlapChoiceSchema }),
  async ({ tokenId, overlapSeconds }, { actor, audit }) => {
    const { value } = await rotateToken(getDb(), { tokenId, ownerId: actor.id }, overlapSeconds, audit);
    revalidatePath("/account/security");
    return { ok: true, token: value };
  },
);

/** The `Allow Agent Apps to create personal access tokens` switch; off also revokes the user's agent tokens. */
export const setAgentAppsConsentAction = userAction(z.object({ allow: z.boolean() }), async ({ allow }, { audit }) => {
  await setAgentAppsAllowed(getDb(), allow, audit);
  revalidatePath("/account/security");
  return { ok: true };
});

export const revokeAgentTokenAction = userAction(z.object({ tokenId: z.uuid() }), async ({ tokenId }, { audit }) => {
  // The owner is part of the delete's condition: another user's token id matches nothing.
  await revokeOwnAgentToken(getDb(), tokenId, audit);
  revalidatePath("/account/security");
  return { ok: true };
});

/** `Log out other sessions`: ends every session of the user but the one running this action. */
export const logOutOtherSessionsAction = userAction(z.object({}), async (_input, { actor, session }) => {
  // The owner and the kept session come from the session check, never from the client.
  const ended = await endOtherSessions(getDb(), { userId: actor.id, keepSessionId: session.id });
  revalidatePath("/account/security");
  return { ok: true, ended };
});
