import type { Database } from "@/db/client";
import { deleteOrganizationToken, insertOrganizationTokenProjects } from "@/db/queries/organization-tokens";
import { findProjectsByKeys } from "@/db/queries/projects";
import { getTokenSettings } from "@/db/queries/settings";
import { insertToken } from "@/db/queries/tokens";
import type { Token } from "@/db/schema";
import { auditedToken, fromContext, recordAudit, type UserAuditContext } from "@/lib/audit/record";
import { AppError, isForeignKeyViolation, isUniqueViolation } from "@/lib/errors";
import { generateTokenValue, hashToken, tokenHint } from "./format";
import { duplicateNameMessage } from "./names";
import { organizationExpiryFor } from "./organization-expiry";

export const ORGANIZATION_TOKEN_TYPES = { production: "Production", development: "Development" } as const;
export type OrganizationTokenType = keyof typeof ORGANIZATION_TOKEN_TYPES;

/** `Production` or `Development`: a label for people; both kinds behave the same. */
export function organizationTokenTypeLabel(label: string | null): string {
  return label === "development" ? ORGANIZATION_TOKEN_TYPES.development : ORGANIZATION_TOKEN_TYPES.production;
}

export interface NewOrganizationToken {
  name: string;
  type: OrganizationTokenType;
  /** An `Expiry` option label (lib/tokens/organization-expiry.ts). */
  expiry: string;
  /** Null: all projects, now and later. Otherwise the keys of the chosen projects (at least one). */
  projectKeys: string[] | null;
}

/**
 * Creates an organization token (an instance-owned `tso_` token that may only submit analyses in
 * its scope) and records it in the audit trail, all in one transaction. Returns the value once.
 */
export async function createOrganizationToken(
  db: Database,
  input: NewOrganizationToken,
  audit: UserAuditContext,
): Promise<{ value: string; token: Token }> {
  const now = audit.at;
  const { maxTokenLifetimeDays } = await getTokenSettings(db);
  const expiry = organizationExpiryFor(input.expiry, maxTokenLifetimeDays, now);
  if (!expiry) throw new AppError("bad_request", "Choose an expiry allowed by the maximum token lifetime.", "expiry");

  let projectIds: string[] = [];
  if (input.projectKeys !== null) {
    const keys = [...new Set(input.projectKeys)];
    if (keys.length === 0) throw new AppError("bad_request", "Choose at least one project.", "projects");
    const found = await findProjectsByKeys(db, keys);
    const missing = keys.filter((key) => !found.some((p) => p.key === key));
    if (missing.length > 0) throw new AppError("not_found", `Project '${missing[0]}' not found.`, "projects");
    projectIds = found.map((p) => p.id);
  }

  const value = generateTokenValue("organization");
  try {
    const token = await db.transaction(async (tx) => {
      const token = await insertToken(tx, {
        kind: "organization",
        label: input.type,
        allProjects: input.projectKeys === null,
        name: input.name,
        tokenHash: hashToken(value),
        hint: tokenHint(value),
        createdById: audit.actor.id,
        createdByLogin: audit.actor.login,
        createdAt: now,
        expiresAt: expiry.expiresAt,
      });
      await insertOrganizationTokenProjects(tx, token.id, projectIds);
      await recordAudit(tx, {
        ...fromContext(audit),
        action: "token.generate",
        token: auditedToken(token),
        details: {
          type: input.type,
          expiresAt: token.expiresAt?.toISOString() ?? null,
          projects: input.projectKeys === null ? "all" : [...new Set(input.projectKeys)],
        },
      });
      return token;
    });
    return { value, token };
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("conflict", duplicateNameMessage(input.name), "name");
    // A chosen project was deleted while this request ran.
    if (isForeignKeyViolation(error)) throw new AppError("not_found", "A chosen project no longer exists.", "projects");
    throw error;
  }
}

/** Deletes an organization token: it fails authentication from the next request on. */
export async function removeOrganizationToken(db: Database, tokenId: string, audit: UserAuditContext) {
  await db.transaction(async (tx) => {
    const deleted = await deleteOrganizationToken(tx, tokenId);
    if (!deleted) throw new AppError("not_found", "Token not found.");
    await recordAudit(tx, {
      ...fromContext(audit),
      action: "token.delete",
      token: auditedToken(deleted),
    });
  });
}
