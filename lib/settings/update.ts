import type { Database } from "@/db/client";
import { getTokenSettings, updateTokenSettings, type TokenSettings } from "@/db/queries/settings";
import { fromContext, recordAudit, type UserAuditContext } from "@/lib/audit/record";

/**
 * Saves the token settings and, when a value changed, records `settings.update` with the old and
 * new values in the same transaction (the row is locked between reading and writing). A save that
 * changes nothing records nothing.
 */
export async function saveTokenSettingsAudited(db: Database, values: TokenSettings, audit: UserAuditContext) {
  await db.transaction(async (tx) => {
    const old = await getTokenSettings(tx, { forUpdate: true });
    await updateTokenSettings(tx, values, audit.at);
    const changed = (Object.keys(values) as (keyof TokenSettings)[]).some((key) => old[key] !== values[key]);
    if (!changed) return;
    await recordAudit(tx, {
      action: "settings.update",
      ...fromContext(audit),
      details: {
        old: { maxTokenLifetimeDays: old.maxTokenLifetimeDays, inactiveTokenRemovalDays: old.inactiveTokenRemovalDays },
        new: {
          maxTokenLifetimeDays: values.maxTokenLifetimeDays,
          inactiveTokenRemovalDays: values.inactiveTokenRemovalDays,
        },
      },
    });
  });
}
