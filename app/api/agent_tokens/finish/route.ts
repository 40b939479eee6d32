import { apiRoute } from "@/lib/api/handler";
import { methodNotAllowed, noContent } from "@/lib/api/responses";
import { finishAgentToken } from "@/lib/agents/agent-tokens";
import { insufficientPrivileges } from "@/lib/errors";

/** An agent token reports its task finished: the token presented, and only it, is dead from then on. */
export const POST = apiRoute({ auth: "required" }, async ({ principal, db, now, clientIp }) => {
  const token = principal?.token;
  if (token?.kind !== "agent" || !principal?.user) throw insufficientPrivileges();
  await finishAgentToken(db, token, { actor: principal.user, clientIp, at: now });
  return noContent();
});

export const GET = methodNotAllowed("POST");
