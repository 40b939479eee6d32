import { dataDir, getDatabaseHandle } from "@/db/client";
import { ensureInitialAdmin } from "@/lib/auth/initial-admin";
import { loadSessionSecret } from "@/lib/auth/secret";

/**
 * Everything that must be ready before the server takes traffic: the session secret, the database
 * (opened once, locked, migrated) and the first administrator.
 */
export async function prepareRuntime(port: number): Promise<void> {
  process.env.NEXTAUTH_SECRET = loadSessionSecret(dataDir(), process.env);
  // next-auth v4 builds its URLs from NEXTAUTH_URL; default to this port so no configuration is needed.
  process.env.NEXTAUTH_URL ??= `http://localhost:${port}`;
  const handle = getDatabaseHandle();
  await handle.migrate();
  await ensureInitialAdmin(
    handle.db,
    {
      INITIAL_ADMIN_LOGIN: process.env.INITIAL_ADMIN_LOGIN,
      INITIAL_ADMIN_PASSWORD: process.env.INITIAL_ADMIN_PASSWORD,
    },
    (line) => console.log(line),
  );
}
