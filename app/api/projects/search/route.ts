import { z } from "zod";
import { searchProjectsScannableBy } from "@/db/queries/projects";
import { apiRoute } from "@/lib/api/handler";
import { json, methodNotAllowed } from "@/lib/api/responses";
import { paging, searchParamsShape } from "@/lib/api/search-params";
import { mayScanGlobally } from "@/lib/permissions";

const MAX_PROJECT_KEYS = 1000;

const paramsSchema = z.object({
  ...searchParamsShape(100),
  // SonarQube's filter: comma-separated keys, only those projects (clients look one project up so).
  projects: z
    .string()
    .optional()
    .transform((list) =>
      list
        ?.split(",")
        .map((key) => key.trim())
        .filter((key) => key !== ""),
    )
    .refine(
      (keys) => keys === undefined || keys.length <= MAX_PROJECT_KEYS,
      `must list at most ${MAX_PROJECT_KEYS} keys.`,
    ),
});

export const GET = apiRoute({ as: "user" }, async ({ params, actor: user, db }) => {
  const { q, p, ps, projects } = params.parse(paramsSchema);
  const { rows, total } = await searchProjectsScannableBy(db, {
    userId: user.id,
    everyProject: await mayScanGlobally(db, user),
    query: q,
    // An empty list (`projects=`) filters nothing, as if the parameter were absent.
    keys: projects?.length ? projects : undefined,
    page: p,
    pageSize: ps,
  });
  return json({
    paging: paging(p, ps, total),
    // Tokensmith's projects are SonarQube projects (qualifier TRK), visible only to whom may scan them.
    components: rows.map((r) => ({ key: r.key, name: r.name, qualifier: "TRK", visibility: "private" })),
  });
});

export const POST = methodNotAllowed("GET");
