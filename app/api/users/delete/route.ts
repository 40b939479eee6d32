import { actingAdmin } from "@/lib/api/authorize";
import { apiRoute } from "@/lib/api/handler";
import { methodNotAllowed, noContent } from "@/lib/api/responses";
import { requireUserByLogin } from "@/lib/api/target-user";
import { deleteUser } from "@/lib/users/manage";

export const POST = apiRoute({ auth: "required" }, async ({ params, principal, db, clientIp, now }) => {
  const admin = actingAdmin(principal);
  const user = await requireUserByLogin(db, params.require("login"));
  await deleteUser(db, user, { actor: admin, clientIp, at: now });
  return noContent();
});

export const GET = methodNotAllowed("POST");
