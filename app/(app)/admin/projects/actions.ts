"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { adminAction } from "@/lib/auth/user-action";
import { setScanGrant } from "@/lib/permissions";
import { createProject, deleteProject, requireProject } from "@/lib/projects/manage";
import { projectKeySchema, projectNameSchema } from "@/lib/projects/schemas";
import { getUserByIdOrThrow, getUserByLoginOrThrow } from "@/lib/users/lookup";
import { loginSchema } from "@/lib/users/schemas";

const PAGE = "/admin/projects";

export const createProjectAction = adminAction(
  z.object({ key: projectKeySchema, name: projectNameSchema }),
  async (input, { audit }) => {
    await createProject(getDb(), input, audit);
    revalidatePath(PAGE);
    return { ok: true };
  },
);

export const deleteProjectAction = adminAction(z.object({ key: z.string().min(1) }), async ({ key }, { audit }) => {
  await deleteProject(getDb(), key, audit);
  revalidatePath(PAGE);
  return { ok: true };
});

/** Grants Execute Analysis on a project, or on all projects when `projectKey` is empty. */
export const grantScanAction = adminAction(
  z.object({ login: loginSchema, projectKey: z.string().optional() }),
  async ({ login, projectKey }, { audit }) => {
    const db = getDb();
    const user = await getUserByLoginOrThrow(db, login);
    const project = projectKey ? await requireProject(db, projectKey) : null;
    await setScanGrant(db, { user, project, granted: true }, audit);
    revalidatePath(PAGE);
    return { ok: true };
  },
);

export const removeScanAction = adminAction(
  z.object({ userId: z.uuid(), projectKey: z.string().optional() }),
  async ({ userId, projectKey }, { audit }) => {
    const db = getDb();
    const user = await getUserByIdOrThrow(db, userId);
    const project = projectKey ? await requireProject(db, projectKey) : null;
    await setScanGrant(db, { user, project, granted: false }, audit);
    revalidatePath(PAGE);
    return { ok: true };
  },
);
