"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { adminAction } from "@/lib/auth/user-action";
import { saveTokenSettingsAudited } from "@/lib/settings/update";
import { INACTIVITY_OPTIONS, LIFETIME_OPTIONS } from "@/lib/tokens/expiry";

/** A select's label back to its number of days (null: no limit); anything else is refused. */
const choice = (options: readonly { label: string; days: number | null }[], message: string) =>
  z
    .string({ error: message })
    .refine((label) => options.some((o) => o.label === label), message)
    .transform((label) => options.find((o) => o.label === label)?.days ?? null);

const settingsSchema = z.object({
  maxTokenLifetime: choice(LIFETIME_OPTIONS, "Choose one of the offered lifetimes."),
  inactiveTokenRemoval: choice(INACTIVITY_OPTIONS, "Choose one of the offered periods."),
});

/** Applies to tokens generated from now on; existing tokens keep their expiry. */
export const saveTokenSettings = adminAction(settingsSchema, async (input, { audit }) => {
  await saveTokenSettingsAudited(
    getDb(),
    { maxTokenLifetimeDays: input.maxTokenLifetime, inactiveTokenRemovalDays: input.inactiveTokenRemoval },
    audit,
  );
  revalidatePath("/", "layout");
  return { ok: true };
});
