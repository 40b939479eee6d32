"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { deleteAgentApp, registerAgentApp } from "@/lib/agents/apps";
import { agentAppNameSchema } from "@/lib/agents/schemas";
import { actionClientIp } from "@/lib/auth/action-client-ip";
import { adminAction } from "@/lib/auth/user-action";
import { clock } from "@/lib/clock";

const PAGE = "/admin/agent-apps";

/** Registers an agent app; its `tsx_` credential is returned this once, for the `New token` dialog. */
export const registerAgentAppAction = adminAction(z.object({ name: agentAppNameSchema }), async ({ name }, admin) => {
  const { credential } = await registerAgentApp(getDb(), {
    name,
    actor: admin,
    now: clock.now(),
    clientIp: await actionClientIp(),
  });
  revalidatePath(PAGE);
  return { ok: true, token: credential };
});

export const deleteAgentAppAction = adminAction(z.object({ appId: z.uuid() }), async ({ appId }, admin) => {
  await deleteAgentApp(getDb(), { appId, actor: admin, now: clock.now(), clientIp: await actionClientIp() });
  revalidatePath(PAGE);
  return { ok: true };
});
