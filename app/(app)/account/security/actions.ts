"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { getTokenSettings } from "@/db/queries/settings";
import { revokeOwnAgentToken, setAgentAppsAllowed } from "@/lib/agents/agent-tokens";
import { actionAuditContext } from "@/lib/audit/action-context";
import { userAction } from "@/lib/auth/user-action";
import { analysisProjectFor } from "@/lib/tokens/analysis-scope";
import { API_TOKEN_TYPES } from "@/lib/tokens/kinds";
import { tokenNameSchema } from "@/lib/tokens/names";
import { expiryForLifetimeOption } from "@/lib/tokens/policy";
import { generateUserOwnedToken, revokeUserOwnedToken } from "@/lib/tokens/user-tokens";

const generateSchema = z.object({
  name: tokenNameSchema,
  type: z.enum(["USER_TOKEN", "GLOBAL_ANALYSIS_TOKEN", "PROJECT_ANALYSIS_TOKEN"]).default("USER_TOKEN"),
  projectKey: z.string().optional(),
  expiresIn: z.string({ error: "Choose an expiration." }),
});

export const generateToken = userAction(generateSchema, async (input, user) => {
  const db = getDb();
  const audit = await actionAuditContext(user);
  const project = await analysisProjectFor(db, user, input.type, input.projectKey);
  const { maxTokenLifetimeDays } = await getTokenSettings(db);
  const expiresAt = expiryForLifetimeOption(input.expiresIn, maxTokenLifetimeDays, audit.at);
  const { value } = await generateUserOwnedToken(
    db,
    { owner: user, kind: API_TOKEN_TYPES[input.type], name: input.name, expiresAt, project },
    audit,
  );
  revalidatePath("/account/security");
  return { ok: true, token: value };
});

export const revokeToken = userAction(z.object({ tokenId: z.uuid() }), async ({ tokenId }, user) => {
  // The owner is part of the delete's condition: another user's token id matches nothing.
  await revokeUserOwnedToken(getDb(), { owner: user, tokenId }, await actionAuditContext(user));
  revalidatePath("/account/security");
  return { ok: true };
});

/** The `Allow Agent Apps to create personal access tokens` switch; off also revokes the user's agent tokens. */
export const setAgentAppsConsentAction = userAction(z.object({ allow: z.boolean() }), async ({ allow }, user) => {
  await setAgentAppsAllowed(getDb(), allow, await actionAuditContext(user));
  revalidatePath("/account/security");
  return { ok: true };
});

export const revokeAgentTokenAction = userAction(z.object({ tokenId: z.uuid() }), async ({ tokenId }, user) => {
  // The owner is part of the delete's condition: another user's token id matches nothing.
  await revokeOwnAgentToken(getDb(), tokenId, await actionAuditContext(user));
  revalidatePath("/account/security");
  return { ok: true };
});
