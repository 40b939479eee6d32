import type { Database } from "@/db/client";
import { findProjectKey } from "@/db/queries/projects";
import { getTokenSettings } from "@/db/queries/settings";
import {
  copyOrganizationTokenProjects,
  deleteTokenById,
  lockTokenForRotation,
  personalTokensNamed,
  setRotatedInto,
  setRotatedUntil,
} from "@/db/queries/token-rotation";
import { insertToken } from "@/db/queries/tokens";
import type { Token } from "@/db/schema";
import { auditedToken, fromContext, recordAudit, type AuditContext } from "@/lib/audit/record";
import { AppError, insufficientPrivileges, refusalsOf } from "@/lib/errors";
import { isExpired, isInactive } from "./expiry";
import { generateTokenValue, hashToken, tokenHint } from "./format";
import { TOKEN_KINDS } from "./kinds";
import { duplicateNameMessage } from "./names";
import { MAX_OVERLAP_SECONDS, rotatedTokenEnd, successorExpiry } from "./rotation-policy";

/**
 * The token to rotate, with its owner (a user's id, or null for an instance-owned token) in the
 * condition: by id (the presented token, a table's row), or by name among a user's personal
 * tokens, meaning the one that holds the name (not one already rotated).
 */
export type RotationTarget = { tokenId: string; ownerId: string | null } | { name: string; ownerId: string };

export interface RotatedToken {
  /** The successor's plaintext: returned once to the caller that asked for it, never stored. */
  value: string;
  successor: Token;
  /** When the old token stops working. */
  previousUntil: Date;
  /** The owner's login; null for an instance-owned token. */
  ownerLogin: string | null;
  projectKey?: string;
}

/**
 * Replaces a token by a successor with the same name, kind, owner and scope, for every entry point
 * (My Account, the admins' dialog, Settings > Tokens, the Web API), in one transaction that also
 * records `token.rotate`:
 * - the old token is locked first, so rotations of one token run one after another;
 * - if it was rotated before, that earlier successor is revoked: a token has at most one live
 *   successor, so a retry after a lost response leaves no stray token, and ten concurrent
 *   rotations leave one;
 * - the old token stops at now plus the overlap (never later than its expiry or an earlier end);
 *   from then it fails like an expired token and the sweeper deletes it;
 * - the successor lives as long as the old token was made to, counted from now, within today's
 *   maximum lifetime.
 */
export async function rotateToken(
  db: Database,
  target: RotationTarget,
  /** How long the old token keeps working, 0 to MAX_OVERLAP_SECONDS. */
  overlapSeconds: number,
  audit: AuditContext,
): Promise<RotatedToken> {
  if (!Number.isInteger(overlapSeconds) || overlapSeconds < 0 || overlapSeconds > MAX_OVERLAP_SECONDS) {
    throw new AppError("bad_request", `The overlap must be 0 to ${MAX_OVERLAP_SECONDS} seconds.`, "overlapSeconds");
  }
  const now = audit.at;
  let name = "name" in target ? target.name : "";
  return refusalsOf(
    db.transaction(async (tx) => {
      const tokenId =
        "tokenId" in target ? target.tokenId : await tokenHoldingName(tx, target.ownerId, target.name, now);
      const locked = tokenId ? await lockTokenForRotation(tx, tokenId, target.ownerId) : undefined;
      if (!locked) throw new AppError("not_found", "Token not found.");
      const { token: old, ownerLogin } = locked;
      name = old.name;
      const rules = TOKEN_KINDS[old.kind];
      if (!rules.rotatable) throw insufficientPrivileges();
      if (isExpired(old.expiresAt, now)) throw new AppError("bad_request", "An expired token cannot be rotated.");
      if (isExpired(old.rotatedUntil, now)) {
        throw new AppError("bad_request", "This token was rotated and has stopped working.");
      }
      const settings = await getTokenSettings(tx);
      if (
        rules.sweptForInactivity &&
        isInactive(old.lastUsedAt ?? old.createdAt, settings.inactiveTokenRemovalDays, now)
      ) {
        throw new AppError("bad_request", "This token was unused for too long and no longer works.");
      }
      const projectKey = old.projectId ? await findProjectKey(tx, old.projectId) : undefined;

      if (old.rotatedIntoId) {
        const earlier = await deleteTokenById(tx, old.rotatedIntoId);
        // Revoking a successor that was rotated in turn would leave its own successor holding the
        // name, and cut off whoever already moved on to it.
        if (earlier?.rotatedUntil) {
          throw new AppError(
            "bad_request",
            "The successor of this token was rotated in turn: rotate the newest token instead.",
          );
        }
        if (earlier) {
          await recordAudit(tx, {
            action: "token.revoke",
            ...fromContext(audit),
            targetLogin: ownerLogin,
            token: auditedToken(earlier),
            details: { reason: "superseded", ...(projectKey ? { projectKey } : {}) },
          });
        }
      }

      const previousUntil = rotatedTokenEnd(old, overlapSeconds, now);
      // The old token gives up the name first: the unique indexes ignore rotated tokens.
      await setRotatedUntil(tx, old.id, previousUntil);
      const value = generateTokenValue(old.kind);
      const successor = await insertToken(tx, {
        kind: old.kind,
        userId: old.userId,
        projectId: old.projectId,
        label: old.label,
        allProjects: old.allProjects,
        name: old.name,
        tokenHash: hashToken(value),
        hint: tokenHint(value),
        // It replaces the old token, so it keeps its creator; the audit trail says who rotated.
        createdById: old.createdById,
        createdByLogin: old.createdByLogin,
        createdAt: now,
        expiresAt: successorExpiry(old, settings.maxTokenLifetimeDays, now),
      });
      if (old.allProjects === false) await copyOrganizationTokenProjects(tx, old.id, successor.id);
      await setRotatedInto(tx, old.id, successor.id);
      await recordAudit(tx, {
        action: "token.rotate",
        ...fromContext(audit),
        targetLogin: ownerLogin,
        token: auditedToken(old),
        details: {
          ...(projectKey ? { projectKey } : {}),
          newHint: successor.hint,
          overlapSeconds,
          previousTokenExpiresAt: previousUntil.toISOString(),
          expiresAt: successor.expiresAt?.toISOString() ?? null,
        },
      });
      return { value, successor, previousUntil, ownerLogin, ...(projectKey ? { projectKey } : {}) };
    }),
    {
      // Another token took the name meanwhile (e.g. one generated while the old one was rotated).
      duplicate: () => new AppError("conflict", duplicateNameMessage(name), "name"),
      gone: () => new AppError("not_found", "The token's owner or a project of its scope no longer exists."),
    },
  );
}

/**
 * The id of the personal token that holds `name` (the one not rotated), or, when its successor was
 * revoked, the newest rotated one still working.
 */
async function tokenHoldingName(db: Database, ownerId: string, name: string, now: Date): Promise<string | undefined> {
  const rows = await personalTokensNamed(db, ownerId, name, now);
  return (rows.find((r) => r.rotatedUntil === null) ?? rows[0])?.id;
}
