import { z } from "zod";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/password";
import { requiredText } from "@/lib/text";

/** Logins: 2-255 characters, letters, digits, `.`, `-`, `_`, `@` (so they fit URLs, mail and Basic auth). */
export const loginSchema = z
  .string({ error: "Login is required." })
  .trim()
  .min(1, "Login is required.")
  .min(2, "Login must be at least 2 characters.")
  .max(255, "Login must be at most 255 characters.")
  .regex(/^[A-Za-z0-9._@-]+$/, "Login may contain only letters, digits, '.', '-', '_' and '@'.");

export const userNameSchema = requiredText("Name", 200);

/** Optional: an empty field means no email. */
export const emailSchema = z
  .string()
  .trim()
  .max(100, "Email must be at most 100 characters.")
  .refine((email) => email === "" || z.email().safeParse(email).success, "Enter a valid email address.")
  .optional()
  .transform((email) => (email ? email : null));

export const passwordSchema = z
  .string({ error: "Password is required." })
  .min(1, "Password is required.")
  .min(MIN_PASSWORD_LENGTH, `Password must be at least ${MIN_PASSWORD_LENGTH} characters.`)
  .max(1024, "Password must be at most 1024 characters.");

export const newUserSchema = z.object({
  login: loginSchema,
  name: userNameSchema,
  email: emailSchema,
  password: passwordSchema,
  role: z.enum(["user", "admin"], { error: "Choose a role." }).default("user"),
});

export type NewUserInput = z.output<typeof newUserSchema>;
