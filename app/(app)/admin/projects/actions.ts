"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { findUserById } from "@/db/queries/users";
import { requireUserByLogin } from "@/lib/api/target-user";
import { actionAuditContext } from "@/lib/audit/action-context";
import { adminAction } from "@/lib/auth/user-action";
import { AppError } from "@/lib/errors";
import { setScanGrant } from "@/lib/permissions";
import { createProject, deleteProject, requireProject } from "@/lib/projects/manage";
import { projectKeySchema, projectNameSchema } from "@/lib/projects/schemas";
import { loginSchema } from "@/lib/users/schemas";

const PAGE = "/admin/projects";

export const createProjectAction = adminAction(
  z.object({ key: projectKeySchema, name: projectNameSchema }),
  async (input, admin) => {
    await createProject(getDb(), input, await actionAuditContext(admin));
    revalidatePath(PAGE);
    return { ok: true };
  },
);

export const deleteProjectAction = adminAction(z.object({ key: z.string().min(1) }), async ({ key }, admin) => {
  await deleteProject(getDb(), key, await actionAuditContext(admin));
  revalidatePath(PAGE);
  return { ok: true };
});

/** Grants Execute Analysis on a project, or on all projects when `projectKey` is empty. */
export const grantScanAction = adminAction(
  z.object({ login: loginSchema, projectKey: z.string().optional() }),
  async ({ login, projectKey }, admin) => {
    const db = getDb();
    const user = await requireUserByLogin(db, login);
    const project = projectKey ? await requireProject(db, projectKey) : null;
    await setScanGrant(db, { user, project, granted: true }, await actionAuditContext(admin));
    revalidatePath(PAGE);
    return { ok: true };
  },
);

export const removeScanAction = adminAction(
  z.object({ userId: z.uuid(), projectKey: z.string().optional() }),
  async ({ userId, projectKey }, admin) => {
    const db = getDb();
    const user = await findUserById(db, userId);
    if (!user) throw new AppError("not_found", "This user no longer exists.");
    const project = projectKey ? await requireProject(db, projectKey) : null;
    await setScanGrant(db, { user, project, granted: false }, await actionAuditContext(admin));
    revalidatePath(PAGE);
    return { ok: true };
  },
);
