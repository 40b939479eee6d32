/**
 * Run by token-table-pages.spec.ts with tsx before its own server starts on `<dir>`: the admin, and
 * for each of the given logins a user with 120 personal tokens and 120 live agent tokens, plus 120
 * organization tokens, all made in a few statements. Token names are `ci-001` to `ci-120` (the
 * last one newest); the hashes are of no real token, so none can be revealed or leaked.
 */
import path from "node:path";
import { sql } from "drizzle-orm";
import { openPglite, rowsOf } from "@/db/client";
import { insertUser } from "@/db/queries/users";
import { hashPassword } from "@/lib/auth/password";

const COUNT = 120;

async function main() {
  const [dir, adminPassword, userPassword, ...logins] = process.argv.slice(2);
  if (!dir || !adminPassword || !userPassword)
    throw new Error("usage: seed-token-pages <dir> <admin pw> <user pw> <login>...");
  const handle = openPglite(path.join(dir, "pglite"));
  await handle.migrate();
  const { db } = handle;
  await insertUser(db, {
    login: "admin",
    name: "Admin",
    passwordHash: await hashPassword(adminPassword),
    role: "admin",
  });
  const [app] = rowsOf<{ id: string }>(
    await db.execute(sql`insert into agent_apps (name, created_by_login) values ('Review bot', 'admin') returning id`),
  );
  const userHash = await hashPassword(userPassword);
  const tokens = (kind: string, userId: string | null) => sql`
    insert into tokens (kind, user_id, agent_app_id, all_projects, name, task, token_hash, hint, created_by_login, created_at, expires_at)
    select ${kind}::token_kind, ${userId}::uuid, case when ${kind} = 'agent' then ${app?.id}::uuid end,
           case when ${kind} = 'organization' then true end,
           case when ${kind} = 'agent' then 'Review bot' else 'ci-' || lpad(g::text, 3, '0') end,
           case when ${kind} = 'agent' then 'task-' || lpad(g::text, 3, '0') end,
           md5(${kind} || ${userId ?? ""} || g) || md5('seed' || g), 'seed', 'admin',
           now() - (${COUNT}::int - g) * interval '1 minute',
           case when ${kind} = 'agent' then now() + interval '1 hour' end
    from generate_series(1, ${COUNT}::int) g`;
  for (const login of logins) {
    const user = await insertUser(db, { login, name: `Paged ${login}`, passwordHash: userHash, role: "user" });
    await db.execute(tokens("user", user.id));
    await db.execute(tokens("agent", user.id));
  }
  await db.execute(tokens("organization", null));
  await handle.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
