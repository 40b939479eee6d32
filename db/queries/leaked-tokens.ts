import { eq, inArray } from "drizzle-orm";
import type { Database } from "../client";
import { tokens, users } from "../schema";

/**
 * The tokens among these hashes, locked for the report's transaction (one indexed lookup per hash),
 * with their owner's login (null for instance-owned kinds).
 */
export async function lockTokensByHash(db: Database, hashes: string[]) {
  if (hashes.length === 0) return [];
  return db
    .select({
      id: tokens.id,
      kind: tokens.kind,
      name: tokens.name,
      hint: tokens.hint,
      userId: tokens.userId,
      createdAt: tokens.createdAt,
      expiresAt: tokens.expiresAt,
      lastUsedAt: tokens.lastUsedAt,
      rotatedUntil: tokens.rotatedUntil,
      finishedAt: tokens.finishedAt,
      ownerLogin: users.login,
    })
    .from(tokens)
    .leftJoin(users, eq(users.id, tokens.userId))
    .where(inArray(tokens.tokenHash, hashes))
    .for("update", { of: tokens });
}

export type ReportedToken = Awaited<ReturnType<typeof lockTokensByHash>>[number];

export async function deleteTokensByIds(db: Database, ids: string[]): Promise<void> {
  if (ids.length > 0) await db.delete(tokens).where(inArray(tokens.id, ids));
}
