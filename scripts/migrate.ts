import { getDatabaseHandle } from "@/db/client";

/** `npm run db:migrate`: applies the committed migrations to DATABASE_URL (or the embedded database). */
async function main() {
  const handle = getDatabaseHandle();
  await handle.migrate();
  await handle.close();
  console.log(`Migrations applied (${handle.driver}).`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
