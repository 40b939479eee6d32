import { requiredText } from "@/lib/text";
import { tokenNameSchema } from "@/lib/tokens/names";

/** Agent app names follow the token name rules (required, trimmed, at most 100 characters); they are unique among apps. */
export const agentAppNameSchema = tokenNameSchema;

/** An agent token's task: what identifies it, with its app and user. Required, trimmed, at most 200 characters. */
export const agentTaskSchema = requiredText("Task", 200);

export const duplicateAgentAppMessage = (name: string) => `An agent app named '${name}' already exists.`;

export const duplicateAgentTaskMessage = (task: string) =>
  `A live agent token for task '${task}' already exists for this user and app.`;

/** Agent tokens live until their task finishes, at most this long, so nothing an agent holds outlives its hour. */
export const AGENT_TOKEN_LIFETIME_MS = 60 * 60 * 1000;
