import { z } from "zod";

const pageNumber = (max: number, fallback: number) =>
  z
    .string()
    .regex(/^\d{1,9}$/, "must be a whole number.")
    .transform(Number)
    .refine((n) => n >= 1 && n <= max, `must be between 1 and ${max}.`)
    .optional()
    .transform((n) => n ?? fallback);

/**
 * SonarQube's search parameters: `q` (a text to look for, trimmed), `p` (the page, from 1) and `ps`
 * (the page size, 1 to 500).
 */
export function searchParamsShape(defaultPageSize: number) {
  return {
    q: z
      .string()
      .max(400, "must be at most 400 characters.")
      .optional()
      .transform((q) => q?.trim() ?? ""),
    p: pageNumber(1_000_000, 1),
    ps: pageNumber(500, defaultPageSize),
  };
}

/** SonarQube's `paging` object of a search answer. */
export function paging(p: number, ps: number, total: number) {
  return { pageIndex: p, pageSize: ps, total };
}
