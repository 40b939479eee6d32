import type { Database } from "@/db/client";
import { deleteUserOwnedToken, insertToken } from "@/db/queries/tokens";
import type { Token, TokenKind, User } from "@/db/schema";
import { AppError, isForeignKeyViolation, isUniqueViolation } from "@/lib/errors";
import { generateTokenValue, hashToken, tokenHint } from "./format";
import { duplicateNameMessage } from "./names";

export interface GeneratedToken {
  /** The plaintext: returned once to the caller that asked for it, never stored. */
  value: string;
  token: Token;
}

/**
 * Generates a user-owned token. `actor` is who asked (the owner, or an admin acting for them).
 * The per-owner unique index decides duplicates, so two racing requests cannot both succeed.
 */
export async function generateUserOwnedToken(
  db: Database,
  input: {
    actor: Pick<User, "id" | "login">;
    owner: Pick<User, "id">;
    kind: Extract<TokenKind, "user" | "global_analysis" | "project_analysis">;
    name: string;
    expiresAt: Date | null;
    projectId?: string | null;
    now: Date;
  },
): Promise<GeneratedToken> {
  const value = generateTokenValue(input.kind);
  try {
    const token = await insertToken(db, {
      kind: input.kind,
      userId: input.owner.id,
      projectId: input.projectId ?? null,
      name: input.name,
      tokenHash: hashToken(value),
      hint: tokenHint(value),
      createdById: input.actor.id,
      createdByLogin: input.actor.login,
      createdAt: input.now,
      expiresAt: input.expiresAt,
    });
    return { value, token };
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("conflict", duplicateNameMessage(input.name), "name");
    // The owner or the project was deleted while this request ran.
    if (isForeignKeyViolation(error)) throw new AppError("not_found", "The user or project no longer exists.");
    throw error;
  }
}

export async function revokeUserOwnedToken(
  db: Database,
  where: { ownerId: string } & ({ tokenId: string } | { name: string }),
): Promise<Token> {
  const deleted = await deleteUserOwnedToken(db, where);
  if (!deleted) throw new AppError("not_found", "Token not found.");
  return deleted;
}
