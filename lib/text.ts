import { z } from "zod";

/** Control characters (NUL above all, which Postgres text cannot hold) have no place in names. */
export function hasControlCharacters(text: string): boolean {
  return [...text].some((char) => {
    const code = char.charCodeAt(0);
    return code < 0x20 || code === 0x7f;
  });
}

/**
 * A required, trimmed name of at most `max` characters with no control characters, whose messages
 * name the field as the form labels it (`Name is required.`, `Task must be at most 200 characters.`).
 */
export function requiredText(label: string, max: number) {
  return z
    .string({ error: `${label} is required.` })
    .trim()
    .min(1, `${label} is required.`)
    .max(max, `${label} must be at most ${max} characters.`)
    .refine((text) => !hasControlCharacters(text), `${label} must not contain control characters.`);
}
