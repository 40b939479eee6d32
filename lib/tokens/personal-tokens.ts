import type { Database } from "@/db/client";
import { findProjectKey } from "@/db/queries/projects";
import { deletePersonalTokens, insertToken } from "@/db/queries/tokens";
import type { PersonalTokenKind, Token, User } from "@/db/schema";
import { auditedToken, fromContext, recordAudit, type AuditContext, type UserAuditContext } from "@/lib/audit/record";
import { AppError, isForeignKeyViolation, isUniqueViolation } from "@/lib/errors";
import { isExpired } from "./expiry";
import { generateTokenValue, hashToken, tokenHint } from "./format";
import { duplicateNameMessage } from "./names";

export interface GeneratedToken {
  /** The plaintext: returned once to the caller that asked for it, never stored. */
  value: string;
  token: Token;
}

/**
 * Generates a personal token and records `token.generate` in the same transaction. The audit
 * context's actor is who asked (the owner, or an admin acting for them). The per-owner unique index
 * decides duplicates, so two racing requests cannot both succeed.
 */
export async function generatePersonalToken(
  db: Database,
  input: {
    owner: Pick<User, "id" | "login">;
    kind: PersonalTokenKind;
    name: string;
    expiresAt: Date | null;
    project?: { id: string; key: string } | null;
  },
  audit: UserAuditContext,
): Promise<GeneratedToken> {
  const value = generateTokenValue(input.kind);
  try {
    const token = await db.transaction(async (tx) => {
      const row = await insertToken(tx, {
        kind: input.kind,
        userId: input.owner.id,
        projectId: input.project?.id ?? null,
        name: input.name,
        tokenHash: hashToken(value),
        hint: tokenHint(value),
        createdById: audit.actor.id,
        createdByLogin: audit.actor.login,
        createdAt: audit.at,
        expiresAt: input.expiresAt,
      });
      await recordAudit(tx, {
        action: "token.generate",
        ...fromContext(audit),
        targetLogin: input.owner.login,
        token: auditedToken(row),
        details: {
          ...(input.project ? { projectKey: input.project.key } : {}),
          expiresAt: row.expiresAt?.toISOString() ?? null,
        },
      });
      return row;
    });
    return { value, token };
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("conflict", duplicateNameMessage(input.name), "name");
    // The owner or the project was deleted while this request ran.
    if (isForeignKeyViolation(error)) throw new AppError("not_found", "The user or project no longer exists.");
    throw error;
  }
}

/**
 * Revokes a personal token and records it in the same transaction: `token.remove` when it had
 * already stopped working (expired, or rotated and past its overlap: the `Remove` button),
 * `token.revoke` otherwise. By name it revokes every token of that name, so revoking a token also
 * ends its predecessors still in their rotation overlap.
 */
export async function revokePersonalToken(
  db: Database,
  where: { owner: Pick<User, "id" | "login"> } & ({ tokenId: string } | { name: string }),
  audit: AuditContext,
): Promise<Token[]> {
  const { owner, ...match } = where;
  return db.transaction(async (tx) => {
    const deleted = await deletePersonalTokens(tx, { ownerId: owner.id, ...match });
    if (deleted.length === 0) throw new AppError("not_found", "Token not found.");
    for (const token of deleted) {
      const projectKey = token.projectId ? await findProjectKey(tx, token.projectId) : undefined;
      const stopped = isExpired(token.expiresAt, audit.at) || isExpired(token.rotatedUntil, audit.at);
      await recordAudit(tx, {
        action: stopped ? "token.remove" : "token.revoke",
        ...fromContext(audit),
        targetLogin: owner.login,
        token: auditedToken(token),
        details: {
          ...(projectKey ? { projectKey } : {}),
          expiresAt: token.expiresAt?.toISOString() ?? null,
        },
      });
    }
    return deleted;
  });
}
