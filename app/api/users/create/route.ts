import { apiRoute } from "@/lib/api/handler";
import { json, methodNotAllowed } from "@/lib/api/responses";
import { createUser } from "@/lib/users/manage";
import { newUserSchema } from "@/lib/users/schemas";

// The API creates plain users (as SonarQube's does); the role is chosen in the Create User dialog.
const apiNewUserSchema = newUserSchema.omit({ role: true });

export const POST = apiRoute({ as: "admin" }, async ({ params, actor, db, clientIp, now }) => {
  const input = params.parse(apiNewUserSchema);
  const user = await createUser(db, { ...input, role: "user" }, { actor, clientIp, at: now });
  return json({ user: { login: user.login, name: user.name, email: user.email } });
});

export const GET = methodNotAllowed("POST");
