import { actingAdmin } from "@/lib/api/authorize";
import { apiRoute } from "@/lib/api/handler";
import { json, methodNotAllowed } from "@/lib/api/responses";
import { createUser } from "@/lib/users/manage";
import { newUserSchema } from "@/lib/users/schemas";

// The API creates plain users (as SonarQube's does); the role is chosen in the Create User dialog.
const apiNewUserSchema = newUserSchema.omit({ role: true });

export const POST = apiRoute({ auth: "required" }, async ({ params, principal, db, clientIp, now }) => {
  const admin = actingAdmin(principal);
  const input = params.parse(apiNewUserSchema);
  const user = await createUser(db, { ...input, role: "user" }, { actor: admin, clientIp, at: now });
  return json({ user: { login: user.login, name: user.name, email: user.email } });
});

export const GET = methodNotAllowed("POST");
