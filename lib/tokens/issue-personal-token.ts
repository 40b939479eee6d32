import type { Database } from "@/db/client";
import { getTokenSettings } from "@/db/queries/settings";
import type { User } from "@/db/schema";
import type { UserAuditContext } from "@/lib/audit/record";
import { AppError } from "@/lib/errors";
import { analysisProjectFor } from "./analysis-scope";
import { API_TOKEN_TYPES, type ApiTokenType } from "./kinds";
import { generatePersonalToken, type GeneratedToken } from "./personal-tokens";
import { expiryForApiDate, expiryForLifetimeOption } from "./policy";

/** How the expiry was asked for: a form's lifetime option, or the API's optional `expirationDate`. */
export type RequestedExpiry = { lifetime: string } | { expirationDate: string | undefined };

export interface PersonalTokenRequest {
  owner: User;
  type: ApiTokenType;
  name: string;
  projectKey?: string;
  expiry: RequestedExpiry;
}

/**
 * Issues a personal token, whoever asks (My Account, the admins' Tokens dialog, the Web API): checks
 * the analysis permission and project, computes the expiry under today's maximum lifetime, then
 * generates it and records `token.generate`. The audit context's actor is who asked.
 */
export async function issuePersonalToken(
  db: Database,
  request: PersonalTokenRequest,
  audit: UserAuditContext,
): Promise<GeneratedToken & { projectKey?: string }> {
  const { owner, type } = request;
  // Analysis tokens carry their owner's permission: nobody else decides to mint one.
  if (type !== "USER_TOKEN" && owner.id !== audit.actor.id) {
    throw new AppError("bad_request", "Analysis tokens cannot be generated for another user.", "type");
  }
  const project = await analysisProjectFor(db, owner, type, request.projectKey);
  const { maxTokenLifetimeDays } = await getTokenSettings(db);
  const expiresAt =
    "lifetime" in request.expiry
      ? expiryForLifetimeOption(request.expiry.lifetime, maxTokenLifetimeDays, audit.at)
      : expiryForApiDate(request.expiry.expirationDate, maxTokenLifetimeDays, audit.at);
  const generated = await generatePersonalToken(
    db,
    { owner, kind: API_TOKEN_TYPES[type], name: request.name, expiresAt, project },
    audit,
  );
  return { ...generated, ...(project ? { projectKey: project.key } : {}) };
}
