import type { Database } from "@/db/client";
import {
  deleteAgentTokenOfOwner,
  deleteDeadAgentToken,
  findAgentAppById,
  findUserForAgentTokenLocked,
  markAgentTokenFinished,
  setAgentAppsConsent,
} from "@/db/queries/agent-apps";
import { insertToken } from "@/db/queries/tokens";
import type { Token } from "@/db/schema";
import { auditedToken, fromContext, recordAudit, type AuditContext, type UserAuditContext } from "@/lib/audit/record";
import { AppError, insufficientPrivileges, isForeignKeyViolation, isUniqueViolation } from "@/lib/errors";
import { generateTokenValue, hashToken, tokenHint } from "@/lib/tokens/format";
import { AGENT_TOKEN_LIFETIME_MS, duplicateAgentTaskMessage } from "./schemas";

export interface GeneratedAgentToken {
  /** The `tsa_` value: returned once to the agent app, never stored. */
  value: string;
  token: Token;
}

const appGone = () => new AppError("unauthorized", "This agent app no longer exists.");

/**
 * Creates the agent token of (app, user, task), valid for one hour at most. The user must allow
 * agent apps; their row is locked meanwhile, so a withdrawal of consent waits and then deletes the
 * new token too. A finished or expired token of the same task is replaced; a live one is a
 * duplicate (the unique index decides, also under a race).
 */
export async function generateAgentToken(
  db: Database,
  input: { agentAppId: string | null; login: string; task: string },
  audit: Pick<AuditContext, "clientIp" | "at">,
): Promise<GeneratedAgentToken> {
  const value = generateTokenValue("agent");
  try {
    return await db.transaction(async (tx) => {
      const app = input.agentAppId ? await findAgentAppById(tx, input.agentAppId) : undefined;
      if (!app) throw appGone();
      const user = await findUserForAgentTokenLocked(tx, input.login);
      if (!user) throw new AppError("not_found", `User '${input.login.slice(0, 255)}' not found.`, "login");
      if (!user.allowAgentApps) throw insufficientPrivileges("login");
      await deleteDeadAgentToken(tx, { agentAppId: app.id, userId: user.id, task: input.task, now: audit.at });
      const token = await insertToken(tx, {
        kind: "agent",
        userId: user.id,
        agentAppId: app.id,
        task: input.task,
        name: app.name,
        tokenHash: hashToken(value),
        hint: tokenHint(value),
        createdAt: audit.at,
        expiresAt: new Date(audit.at.getTime() + AGENT_TOKEN_LIFETIME_MS),
      });
      // The app asked, not the user: no user is the actor; the app is named in the details.
      await recordAudit(tx, {
        ...fromContext({ ...audit, actor: null }),
        action: "token.generate",
        targetLogin: user.login,
        token: auditedToken(token),
        details: { agentApp: app.name, task: input.task },
      });
      return { value, token };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("conflict", duplicateAgentTaskMessage(input.task), "task");
    // The app or the user was deleted while this request ran.
    if (isForeignKeyViolation(error)) throw new AppError("not_found", "The user or agent app no longer exists.");
    throw error;
  }
}

/** The agent token's task finished: the token is dead from now on. The actor is its user. */
export async function finishAgentToken(db: Database, token: Pick<Token, "id">, audit: AuditContext): Promise<void> {
  const finished = await db.transaction(async (tx) => {
    const row = await markAgentTokenFinished(tx, token.id, audit.at);
    if (!row) return false;
    await recordAudit(tx, {
      ...fromContext(audit),
      action: "token.finish",
      targetLogin: audit.actor?.login ?? null,
      token: auditedToken(row),
      details: { agentApp: row.name, task: row.task },
    });
    return true;
  });
  // Finished (or revoked) by a concurrent request since this one authenticated.
  if (!finished) throw new AppError("unauthorized", "Invalid, expired or revoked token.");
}

/** The acting user revokes one of their own agent tokens; another user's token id matches nothing. */
export async function revokeOwnAgentToken(db: Database, tokenId: string, audit: UserAuditContext): Promise<Token> {
  const revoked = await db.transaction(async (tx) => {
    const row = await deleteAgentTokenOfOwner(tx, { ownerId: audit.actor.id, tokenId });
    if (!row) return undefined;
    await recordAudit(tx, {
      ...fromContext(audit),
      action: "token.revoke",
      targetLogin: audit.actor.login,
      token: auditedToken(row),
      details: { agentApp: row.name, task: row.task },
    });
    return row;
  });
  if (!revoked) throw new AppError("not_found", "Token not found.");
  return revoked;
}

/** The acting user turns their consent on or off; off deletes their agent tokens in the same transaction. */
export async function setAgentAppsAllowed(
  db: Database,
  allow: boolean,
  audit: UserAuditContext,
): Promise<{ agentTokensDeleted: number }> {
  return db.transaction(async (tx) => {
    const agentTokensDeleted = await setAgentAppsConsent(tx, audit.actor.id, allow);
    await recordAudit(tx, {
      ...fromContext(audit),
      action: "agent_apps.consent",
      targetLogin: audit.actor.login,
      details: { allowed: allow, agentTokensDeleted },
    });
    return { agentTokensDeleted };
  });
}
