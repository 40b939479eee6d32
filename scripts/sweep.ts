import { getDatabaseHandle } from "@/db/client";
import { deliverNoticeMail } from "@/lib/notices/deliver";
import { sweepTokens } from "@/lib/tokens/sweeper";

/**
 * `npm run tokens:sweep`, for cron: deletes inactive personal tokens, expired or finished agent tokens
 * and rotated tokens whose overlap ended in DATABASE_URL (or the embedded database in DATA_DIR),
 * batch after batch until none is left.
 *
 * With PostgreSQL it may run next to the servers: an advisory lock keeps one sweeper at a time.
 * With the embedded database it refuses while the server holds the data folder; the server's own
 * sweeper does this job then, and this command is for a stopped server.
 */
async function main() {
  const handle = getDatabaseHandle();
  try {
    let removedInactive = 0;
    let removedAgent = 0;
    let removedRotated = 0;
    const summary = () =>
      `Removed ${removedInactive} inactive tokens, ${removedAgent} expired or finished agent tokens and ${removedRotated} rotated tokens`;
    for (;;) {
      const run = await sweepTokens(handle);
      if (run.skipped) {
        console.log(
          removedInactive + removedAgent + removedRotated === 0
            ? "Another instance is sweeping; nothing done."
            : `${summary()}; another instance is sweeping the rest.`,
        );
        break;
      }
      removedInactive += run.removedInactive;
      removedAgent += run.removedAgent + run.removedFinished;
      removedRotated += run.removedRotated;
      if (run.complete) {
        console.log(`${summary()}.`);
        break;
      }
    }
    // The notices' emails, after the run: what fails is logged and retried by the next run.
    const mail = await deliverNoticeMail(handle.db);
    if (mail.sent + mail.failed + mail.retrying > 0) {
      console.log(`Notice emails: ${mail.sent} sent, ${mail.failed} failed, ${mail.retrying} to retry.`);
    }
  } finally {
    await handle.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
