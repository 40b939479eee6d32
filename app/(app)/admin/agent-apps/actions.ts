"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { deleteAgentApp, registerAgentApp } from "@/lib/agents/apps";
import { agentAppNameSchema } from "@/lib/agents/schemas";
import { adminAction } from "@/lib/auth/user-action";

const PAGE = "/admin/agent-apps";

/** Registers an agent app; its `tsx_` credential is returned this once, for the `New token` dialog. */
export const registerAgentAppAction = adminAction(
  z.object({ name: agentAppNameSchema }),
  async ({ name }, { audit }) => {
    const { credential } = await registerAgentApp(getDb(), { name }, audit);
    revalidatePath(PAGE);
    return { ok: true, token: credential };
  },
);

export const deleteAgentAppAction = adminAction(z.object({ appId: z.uuid() }), async ({ appId }, { audit }) => {
  await deleteAgentApp(getDb(), appId, audit);
  revalidatePath(PAGE);
  return { ok: true };
});
