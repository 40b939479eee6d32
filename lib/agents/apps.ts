import type { Database } from "@/db/client";
import { countAgentTokensOfApp, deleteAgentAppById, insertAgentApp } from "@/db/queries/agent-apps";
import { insertToken } from "@/db/queries/tokens";
import type { AgentApp } from "@/db/schema";
import { auditedToken, fromContext, recordAudit, type UserAuditContext } from "@/lib/audit/record";
import { AppError, isUniqueViolation } from "@/lib/errors";
import { generateTokenValue, hashToken, tokenHint } from "@/lib/tokens/format";
import { agentAppNameSchema, duplicateAgentAppMessage } from "./schemas";

export interface RegisteredAgentApp {
  app: AgentApp;
  /** The `tsx_` credential: returned once to the admin who registered the app, never stored. */
  credential: string;
}

/**
 * Registers an agent app and its one credential in one transaction, with its audit record. The
 * unique index on names decides duplicates, also when two admins race.
 */
export async function registerAgentApp(
  db: Database,
  input: { name: string },
  audit: UserAuditContext,
): Promise<RegisteredAgentApp> {
  const parsed = agentAppNameSchema.safeParse(input.name);
  if (!parsed.success) throw new AppError("bad_request", parsed.error.issues[0]?.message ?? "Invalid name.", "name");
  const name = parsed.data;
  const credential = generateTokenValue("agent_app");
  try {
    const app = await db.transaction(async (tx) => {
      const created = await insertAgentApp(tx, {
        name,
        createdById: audit.actor.id,
        createdByLogin: audit.actor.login,
        createdAt: audit.at,
      });
      const token = await insertToken(tx, {
        kind: "agent_app",
        agentAppId: created.id,
        name: created.name,
        tokenHash: hashToken(credential),
        hint: tokenHint(credential),
        createdById: audit.actor.id,
        createdByLogin: audit.actor.login,
        createdAt: audit.at,
      });
      await recordAudit(tx, {
        ...fromContext(audit),
        action: "agent_app.register",
        token: auditedToken(token),
        details: { agentApp: created.name },
      });
      return created;
    });
    return { app, credential };
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("conflict", duplicateAgentAppMessage(name), "name");
    throw error;
  }
}

/** Deletes an agent app: its credential and every agent token it created stop working at once. */
export async function deleteAgentApp(db: Database, appId: string, audit: UserAuditContext): Promise<AgentApp> {
  const deleted = await db.transaction(async (tx) => {
    const agentTokens = await countAgentTokensOfApp(tx, appId);
    const app = await deleteAgentAppById(tx, appId);
    if (!app) return undefined;
    await recordAudit(tx, {
      ...fromContext(audit),
      action: "agent_app.delete",
      details: { agentApp: app.name, agentTokensDeleted: agentTokens },
    });
    return app;
  });
  if (!deleted) throw new AppError("not_found", "This agent app no longer exists.");
  return deleted;
}
