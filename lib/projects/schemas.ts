import { z } from "zod";
import { requiredText } from "@/lib/text";

/** SonarQube's rule: letters, digits, `-`, `_`, `.`, `:`, with at least one non-digit. */
export const projectKeySchema = z
  .string({ error: "Key is required." })
  .trim()
  .min(1, "Key is required.")
  .max(400, "Key must be at most 400 characters.")
  .regex(/^[A-Za-z0-9._:-]+$/, "Key may contain only letters, digits, '-', '_', '.' and ':'.")
  .refine((key) => !/^\d+$/.test(key), "Key must contain at least one non-digit character.");

export const projectNameSchema = requiredText("Name", 500);
