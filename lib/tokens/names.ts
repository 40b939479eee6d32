import { z } from "zod";
import { hasControlCharacters } from "@/lib/text";

/** Token names: required, trimmed, at most 100 characters. */
export const tokenNameSchema = z
  .string({ error: "Name is required." })
  .trim()
  .min(1, "Name is required.")
  .max(100, "Name must be at most 100 characters.")
  .refine((name) => !hasControlCharacters(name), "Name must not contain control characters.");

export const duplicateNameMessage = (name: string) => `A token named '${name}' already exists.`;
