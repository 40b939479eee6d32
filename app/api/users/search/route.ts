import { z } from "zod";
import { listUsersPage } from "@/db/queries/users";
import { apiRoute } from "@/lib/api/handler";
import { json, methodNotAllowed } from "@/lib/api/responses";
import { kindsWhere } from "@/lib/tokens/kinds";
import { paging, searchParamsShape } from "@/lib/api/search-params";

// SonarQube's default page size for users/search.
const paramsSchema = z.object(searchParamsShape(50));

/**
 * The users whose login, name or email contains `q`, by login, as the Users page lists them. A read:
 * an admin's agent token may call it too, as it acts as its user.
 */
export const GET = apiRoute({ as: "admin", kinds: kindsWhere("actsAsUser") }, async ({ params, db }) => {
  const { q, p, ps } = params.parse(paramsSchema);
  const { rows, total } = await listUsersPage(db, { query: q, page: p, pageSize: ps });
  return json({
    paging: paging(p, ps, total),
    users: rows.map((u) => ({
      login: u.login,
      name: u.name,
      ...(u.email ? { email: u.email } : {}),
      // Tokensmith has no deactivated users: a user is deleted instead.
      active: true,
      ...(u.lastConnection ? { lastConnectionDate: u.lastConnection.toISOString() } : {}),
      tokensCount: u.tokenCount,
    })),
  });
});

export const POST = methodNotAllowed("GET");
