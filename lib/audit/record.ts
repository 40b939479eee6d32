import type { Database } from "@/db/client";
import { insertAuditEvent } from "@/db/queries/audit";
import type { Token, TokenKind, User } from "@/db/schema";

/** Every action the audit trail records; the Audit log page filters by these. */
export const AUDIT_ACTIONS = {
  "token.generate": "Token generated",
  "token.revoke": "Token revoked",
  "token.rotate": "Token rotated",
  "token.remove": "Expired token removed",
  "token.delete": "Token deleted",
  "token.sweep": "Token removed automatically",
  "token.finish": "Agent task finished",
  "token.leak_revoke": "Token revoked as leaked",
  "settings.update": "Settings changed",
  "user.create": "User created",
  "user.delete": "User deleted",
  "project.create": "Project created",
  "project.delete": "Project deleted",
  "permission.grant": "Execute Analysis granted",
  "permission.remove": "Execute Analysis removed",
  "agent_app.register": "Agent app registered",
  "agent_app.delete": "Agent app deleted",
  "agent_apps.consent": "Agent app consent changed",
  "auth.failure_burst": "Failed authentication burst",
} as const;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

/** Who acts, from which address, and when: what every audited change shares. */
export interface AuditContext {
  /** Null for the system (the sweeper) or an unauthenticated client. */
  actor: Pick<User, "id" | "login"> | null;
  clientIp: string | null;
  at: Date;
}

/** The context of a change a signed-in user made. */
export type UserAuditContext = AuditContext & { actor: Pick<User, "id" | "login"> };

export interface AuditEntry {
  action: AuditAction;
  at: Date;
  /** Who did it; null for the system (the sweeper) or an unauthenticated client. */
  actor: Pick<User, "id" | "login"> | null;
  /** The login of the user it concerns (the token owner, the created or deleted user). */
  targetLogin?: string | null;
  /** The token concerned: never its value, only kind, name and the stored 4-character hint. */
  token?: { kind: TokenKind; name: string; hint: string } | null;
  clientIp?: string | null;
  details?: Record<string, unknown>;
}

/** What the audit trail keeps of a token: its kind, name and hint, never its value or hash. */
export const auditedToken = (token: Pick<Token, "kind" | "name" | "hint">): AuditEntry["token"] => ({
  kind: token.kind,
  name: token.name,
  hint: token.hint,
});

/** The fields of an entry that come from its context. */
export function fromContext(context: AuditContext): Pick<AuditEntry, "actor" | "clientIp" | "at"> {
  return { actor: context.actor, clientIp: context.clientIp, at: context.at };
}

/**
 * Records one event in the audit trail. Pass the transaction when the change runs in one, so the
 * record and the change commit together.
 */
export async function recordAudit(db: Database, entry: AuditEntry): Promise<void> {
  await insertAuditEvent(db, {
    action: entry.action,
    createdAt: entry.at,
    actorId: entry.actor?.id ?? null,
    actorLogin: entry.actor?.login ?? null,
    targetLogin: entry.targetLogin ?? null,
    tokenKind: entry.token?.kind ?? null,
    tokenName: entry.token?.name ?? null,
    tokenHint: entry.token?.hint ?? null,
    clientIp: entry.clientIp ?? null,
    details: entry.details ?? null,
  });
}
