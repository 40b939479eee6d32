"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { adminAction } from "@/lib/auth/user-action";
import { projectKeySchema } from "@/lib/projects/schemas";
import { tokenNameSchema } from "@/lib/tokens/names";
import { createOrganizationToken, removeOrganizationToken } from "@/lib/tokens/organization-tokens";
import { rotateToken } from "@/lib/tokens/rotate";
import { overlapChoiceSchema } from "@/lib/tokens/rotation-policy";

const PAGE = "/settings/tokens";

const newOrganizationTokenSchema = z
  .object({
    name: tokenNameSchema,
    type: z.enum(["production", "development"], { error: "Choose Production or Development." }),
    expiry: z.string({ error: "Choose an expiry." }).max(40, "Choose an expiry."),
    scope: z.enum(["all", "chosen"], { error: "Choose all projects or some projects." }),
    projects: z.array(projectKeySchema, { error: "Choose at least one project." }).max(1000).default([]),
  })
  .refine((input) => input.scope === "all" || input.projects.length > 0, {
    path: ["projects"],
    message: "Choose at least one project.",
  });

/** Settings > Tokens `Create token`: admins only, checked here from the role in the database. */
export const createOrganizationTokenAction = adminAction(newOrganizationTokenSchema, async (input, { audit }) => {
  const { value } = await createOrganizationToken(
    getDb(),
    {
      name: input.name,
      type: input.type,
      expiry: input.expiry,
      projectKeys: input.scope === "all" ? null : input.projects,
    },
    audit,
  );
  revalidatePath(PAGE);
  return { ok: true, token: value };
});

export const deleteOrganizationTokenAction = adminAction(
  z.object({ tokenId: z.uuid() }),
  async ({ tokenId }, { audit }) => {
    await removeOrganizationToken(getDb(), tokenId, audit);
    revalidatePath(PAGE);
    return { ok: true };
  },
);

/** The row menu's `Rotate`: an instance-owned token (no owner in the lookup); other kinds are refused by the core. */
export const rotateOrganizationTokenAction = adminAction(
  z.object({ tokenId: z.uuid(), overlapSeconds: overlapChoiceSchema }),
  async ({ tokenId, overlapSeconds }, { audit }) => {
    const { value } = await rotateToken(getDb(), { tokenId, ownerId: null }, overlapSeconds, audit);
    revalidatePath(PAGE);
    return { ok: true, token: value };
  },
);
