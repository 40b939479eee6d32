import { requiredText } from "@/lib/text";

/** Token names: required, trimmed, at most 100 characters. */
export const tokenNameSchema = requiredText("Name", 100);

export const duplicateNameMessage = (name: string) => `A token named '${name}' already exists.`;
