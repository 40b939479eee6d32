import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Database } from "../client";
import { PERSONAL_TOKEN_KINDS, organizationTokenProjects, tokens, users, type Token } from "../schema";
import { notEndedRotation } from "./tokens";

/**
 * The token to rotate, locked until the transaction ends (`for update`), so rotations of one token
 * run one after another; with its owner's login. The owner (a user's id, or null for the instance)
 * is part of the condition, so a wrong id matches nothing.
 */
export async function lockTokenForRotation(
  db: Database,
  tokenId: string,
  ownerId: string | null,
): Promise<{ token: Token; ownerLogin: string | null } | undefined> {
  const [row] = await db
    .select({ token: tokens, ownerLogin: users.login })
    .from(tokens)
    .leftJoin(users, eq(users.id, tokens.userId))
    .where(and(eq(tokens.id, tokenId), ownerId === null ? isNull(tokens.userId) : eq(tokens.userId, ownerId)))
    .for("update", { of: tokens });
  return row;
}

/** An owner's personal tokens of one name that still work or may: the live one and those rotated into it. */
export async function personalTokensNamed(db: Database, ownerId: string, name: string, now: Date) {
  return db
    .select({ id: tokens.id, rotatedIntoId: tokens.rotatedIntoId, rotatedUntil: tokens.rotatedUntil })
    .from(tokens)
    .where(
      and(
        eq(tokens.userId, ownerId),
        inArray(tokens.kind, PERSONAL_TOKEN_KINDS),
        eq(tokens.name, name),
        notEndedRotation(now),
      ),
    )
    .orderBy(desc(tokens.createdAt), desc(tokens.id));
}

/** Deletes a token by id (the successor of an earlier rotation); undefined when it is gone already. */
export async function deleteTokenById(db: Database, tokenId: string): Promise<Token | undefined> {
  const [row] = await db.delete(tokens).where(eq(tokens.id, tokenId)).returning();
  return row;
}

/** Sets when a rotated token stops; from then on it no longer counts against the unique names. */
export async function setRotatedUntil(db: Database, tokenId: string, until: Date): Promise<void> {
  await db.update(tokens).set({ rotatedUntil: until }).where(eq(tokens.id, tokenId));
}

export async function setRotatedInto(db: Database, tokenId: string, successorId: string): Promise<void> {
  await db.update(tokens).set({ rotatedIntoId: successorId }).where(eq(tokens.id, tokenId));
}

/** Gives an organization token's successor the same chosen projects. */
export async function copyOrganizationTokenProjects(db: Database, fromId: string, toId: string): Promise<void> {
  await db.execute(sql`
    insert into ${organizationTokenProjects} (token_id, project_id)
    select ${toId}::uuid, ${organizationTokenProjects.projectId} from ${organizationTokenProjects}
    where ${organizationTokenProjects.tokenId} = ${fromId}::uuid`);
}
