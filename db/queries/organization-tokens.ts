import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "../client";
import { organizationTokenProjects, projects, tokens, type Token } from "../schema";
import { notEndedRotation } from "./tokens";

/**
 * Organization tokens, newest first, with the projects of a chosen scope (by name); with `now`, no
 * rotated token that has stopped.
 */
export async function listOrganizationTokens(db: Database, now?: Date) {
  const rows = await db
    .select({
      id: tokens.id,
      name: tokens.name,
      label: tokens.label,
      allProjects: tokens.allProjects,
      createdByLogin: tokens.createdByLogin,
      createdAt: tokens.createdAt,
      expiresAt: tokens.expiresAt,
      lastUsedAt: tokens.lastUsedAt,
      lastUsedIp: tokens.lastUsedIp,
      lastUsedClient: tokens.lastUsedClient,
      rotatedUntil: tokens.rotatedUntil,
    })
    .from(tokens)
    .where(and(eq(tokens.kind, "organization"), notEndedRotation(now)))
    .orderBy(desc(tokens.createdAt), desc(tokens.id));
  const ids = rows.map((r) => r.id);
  const scoped = ids.length
    ? await db
        .select({ tokenId: organizationTokenProjects.tokenId, key: projects.key, name: projects.name })
        .from(organizationTokenProjects)
        .innerJoin(projects, eq(projects.id, organizationTokenProjects.projectId))
        .where(inArray(organizationTokenProjects.tokenId, ids))
        .orderBy(asc(projects.name))
    : [];
  return rows.map((row) => ({
    ...row,
    projects: scoped.filter((s) => s.tokenId === row.id).map(({ key, name }) => ({ key, name })),
  }));
}

export type OrganizationTokenRow = Awaited<ReturnType<typeof listOrganizationTokens>>[number];

/** Adds the chosen projects to an organization token's scope. */
export async function insertOrganizationTokenProjects(db: Database, tokenId: string, projectIds: string[]) {
  if (projectIds.length === 0) return;
  await db.insert(organizationTokenProjects).values(projectIds.map((projectId) => ({ tokenId, projectId })));
}

/** Deletes one organization token (its scope rows go with it); undefined when there is none. */
export async function deleteOrganizationToken(db: Database, tokenId: string): Promise<Token | undefined> {
  const [row] = await db
    .delete(tokens)
    .where(and(eq(tokens.id, tokenId), eq(tokens.kind, "organization")))
    .returning();
  return row;
}

/** Whether an organization token may submit analyses for `projectId`, read now. */
export async function organizationTokenCovers(
  db: Database,
  token: Pick<Token, "id" | "allProjects">,
  projectId: string,
) {
  if (token.allProjects) return true;
  const [row] = await db
    .select({ one: sql<number>`1` })
    .from(organizationTokenProjects)
    .where(and(eq(organizationTokenProjects.tokenId, token.id), eq(organizationTokenProjects.projectId, projectId)));
  return row !== undefined;
}
