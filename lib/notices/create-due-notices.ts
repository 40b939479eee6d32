import type { Database } from "@/db/client";
import { createExpiryNotices, createInactivityNotices, deleteStaleNotices } from "@/db/queries/notices";
import { getTokenSettings } from "@/db/queries/settings";
import { kindsWhere } from "@/lib/tokens/kinds";
import { mailConfig } from "./mail-config";

/**
 * The sweeper's notice step: drops the notices that no longer hold (token rotated, used again),
 * then warns about every token expiring, or due for inactivity removal, within 7 days, once per
 * token and threshold (7 days, 1 day). Each statement commits on its own, so the emails (sent
 * afterwards) only ever concern committed notices. Returns the new notices' ids.
 */
export async function createDueNotices(db: Database, now: Date): Promise<string[]> {
  const mailStatus = mailConfig() ? "pending" : "unsent";
  await deleteStaleNotices(db, now);
  const created = await createExpiryNotices(db, now, kindsWhere("noticeBeforeExpiry"), mailStatus);
  const { inactiveTokenRemovalDays } = await getTokenSettings(db);
  if (inactiveTokenRemovalDays !== null) {
    created.push(
      ...(await createInactivityNotices(
        db,
        now,
        kindsWhere("sweptForInactivity"),
        inactiveTokenRemovalDays,
        mailStatus,
      )),
    );
  }
  return created;
}
