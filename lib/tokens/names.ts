import { z } from "zod";

/** Token names: required, trimmed, at most 100 characters (SPEC section 2). */
export const tokenNameSchema = z
  .string({ error: "Name is required." })
  .trim()
  .min(1, "Name is required.")
  .max(100, "Name must be at most 100 characters.")
  // Control characters (NUL above all, which Postgres text cannot hold) have no place in a name.
  .refine((name) => ![...name].some(isControlCharacter), "Name must not contain control characters.");

function isControlCharacter(char: string): boolean {
  const code = char.charCodeAt(0);
  return code < 0x20 || code === 0x7f;
}

export const duplicateNameMessage = (name: string) => `A token named '${name}' already exists.`;
