import { z } from "zod";
import { hasControlCharacters } from "@/lib/text";

/** Agent app names: required, trimmed, at most 100 characters, unique (SPEC section 2). */
export const agentAppNameSchema = z
  .string({ error: "Name is required." })
  .trim()
  .min(1, "Name is required.")
  .max(100, "Name must be at most 100 characters.")
  .refine((name) => !hasControlCharacters(name), "Name must not contain control characters.");

/** An agent token's task: what identifies it, with its app and user. Required, trimmed, at most 200 characters. */
export const agentTaskSchema = z
  .string({ error: "Task is required." })
  .trim()
  .min(1, "Task is required.")
  .max(200, "Task must be at most 200 characters.")
  .refine((task) => !hasControlCharacters(task), "Task must not contain control characters.");

export const duplicateAgentAppMessage = (name: string) => `An agent app named '${name}' already exists.`;

export const duplicateAgentTaskMessage = (task: string) =>
  `A live agent token for task '${task}' already exists for this user and app.`;

/** Agent tokens live until their task finishes, at most this long (SPEC section 1). */
export const AGENT_TOKEN_LIFETIME_MS = 60 * 60 * 1000;
