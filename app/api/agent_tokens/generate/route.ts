import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { jsonWithSecret, methodNotAllowed } from "@/lib/api/responses";
import { generateAgentToken } from "@/lib/agents/agent-tokens";
import { agentTaskSchema } from "@/lib/agents/schemas";
import { insufficientPrivileges } from "@/lib/errors";

const paramsSchema = z.object({
  login: z.string().max(255, "Login must be at most 255 characters."),
  task: agentTaskSchema,
});

/** Only an agent app's credential creates agent tokens, for users who allow agent apps. */
export const POST = apiRoute({ auth: "required" }, async ({ params, principal, db, now, clientIp }) => {
  const credential = principal?.token;
  if (credential?.kind !== "agent_app" || !credential.agentAppId) throw insufficientPrivileges();
  params.require("login");
  params.require("task");
  const { login, task } = params.parse(paramsSchema);
  const { value, token } = await generateAgentToken(
    db,
    { agentAppId: credential.agentAppId, login, task },
    { clientIp, at: now },
  );
  return jsonWithSecret({ token: value, expiresAt: token.expiresAt?.toISOString() });
});

export const GET = methodNotAllowed("POST");
