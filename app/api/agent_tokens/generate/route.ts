import { z } from "zod";
import { requiredParam } from "@/lib/api/params";
import { apiRoute } from "@/lib/api/handler";
import { jsonWithSecret, methodNotAllowed } from "@/lib/api/responses";
import { generateAgentToken } from "@/lib/agents/agent-tokens";
import { agentTaskSchema } from "@/lib/agents/schemas";

const paramsSchema = z.object({
  login: requiredParam.pipe(z.string().max(255, "Login must be at most 255 characters.")),
  task: agentTaskSchema,
});

/** Only an agent app's credential creates agent tokens, for users who allow agent apps. */
export const POST = apiRoute({ as: "token", kinds: ["agent_app"] }, async ({ params, token, db, now, clientIp }) => {
  const { login, task } = params.parse(paramsSchema);
  const { value, token: agentToken } = await generateAgentToken(
    db,
    { agentAppId: token.agentAppId, login, task },
    { clientIp, at: now },
  );
  return jsonWithSecret({ token: value, expiresAt: agentToken.expiresAt?.toISOString() });
});

export const GET = methodNotAllowed("POST");
