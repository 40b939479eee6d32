import { z } from "zod";
import { searchProjectsScannableBy } from "@/db/queries/projects";
import { apiRoute } from "@/lib/api/handler";
import { json, methodNotAllowed } from "@/lib/api/responses";
import { mayScanGlobally } from "@/lib/permissions";

const pageNumber = (max: number, fallback: number) =>
  z
    .string()
    .regex(/^\d{1,9}$/, "must be a whole number.")
    .transform(Number)
    .refine((n) => n >= 1 && n <= max, `must be between 1 and ${max}.`)
    .optional()
    .transform((n) => n ?? fallback);

const paramsSchema = z.object({
  q: z
    .string()
    .max(400, "must be at most 400 characters.")
    .optional()
    .transform((q) => q?.trim() ?? ""),
  p: pageNumber(1_000_000, 1),
  ps: pageNumber(500, 100),
});

export const GET = apiRoute({ as: "user" }, async ({ params, actor: user, db }) => {
  const { q, p, ps } = params.parse(paramsSchema);
  const { rows, total } = await searchProjectsScannableBy(db, {
    userId: user.id,
    everyProject: await mayScanGlobally(db, user),
    query: q,
    page: p,
    pageSize: ps,
  });
  return json({
    paging: { pageIndex: p, pageSize: ps, total },
    components: rows.map((r) => ({ key: r.key, name: r.name })),
  });
});

export const POST = methodNotAllowed("GET");
