import { and, asc, desc, eq, ilike, inArray, sql } from "drizzle-orm";
import type { Database } from "../client";
import { organizationTokenProjects, projects, tokens, type Token } from "../schema";
import { pageOf, type PageRequest } from "./paging";
import { countTokens, notEndedRotation, TOKEN_TABLE_COLUMNS } from "./tokens";
import { likePattern } from "./users";

const ORGANIZATION_TOKEN_COLUMNS = {
  ...TOKEN_TABLE_COLUMNS,
  label: tokens.label,
  allProjects: tokens.allProjects,
  createdByLogin: tokens.createdByLogin,
};

/**
 * One page of organization tokens, newest first (served by tokens_organization_created_idx), whose
 * name contains `query`, with the projects of a chosen scope (by name) and the total; with `now`,
 * no rotated token that has stopped.
 */
export async function listOrganizationTokensPage(db: Database, request: PageRequest & { now?: Date }) {
  const where = and(
    eq(tokens.kind, "organization"),
    notEndedRotation(request.now),
    request.query ? ilike(tokens.name, likePattern(request.query)) : undefined,
  );
  const { rows, ...page } = await pageOf(
    request,
    () => countTokens(db, where),
    (limit, offset) =>
      db
        .select(ORGANIZATION_TOKEN_COLUMNS)
        .from(tokens)
        .where(where)
        .orderBy(desc(tokens.createdAt), desc(tokens.id))
        .limit(limit)
        .offset(offset),
  );
  const ids = rows.map((r) => r.id);
  const scoped = ids.length
    ? await db
        .select({ tokenId: organizationTokenProjects.tokenId, key: projects.key, name: projects.name })
        .from(organizationTokenProjects)
        .innerJoin(projects, eq(projects.id, organizationTokenProjects.projectId))
        .where(inArray(organizationTokenProjects.tokenId, ids))
        .orderBy(asc(projects.name))
    : [];
  return {
    ...page,
    rows: rows.map((row) => ({
      ...row,
      projects: scoped.filter((s) => s.tokenId === row.id).map(({ key, name }) => ({ key, name })),
    })),
  };
}

export type OrganizationTokenRow = Awaited<ReturnType<typeof listOrganizationTokensPage>>["rows"][number];

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
