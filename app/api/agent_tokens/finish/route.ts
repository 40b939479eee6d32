import { apiRoute } from "@/lib/api/handler";
import { methodNotAllowed, noContent } from "@/lib/api/responses";
import { finishAgentToken } from "@/lib/agents/agent-tokens";

/** An agent token reports its task finished: the token presented, and only it, is dead from then on. */
export const POST = apiRoute({ as: "token", kinds: ["agent"] }, async ({ token, user, db, now, clientIp }) => {
  await finishAgentToken(db, token, { actor: user, clientIp, at: now });
  return noContent();
});

export const GET = methodNotAllowed("POST");
