import { eq } from "drizzle-orm";
import type { Database } from "../client";
import { settings } from "../schema";

export interface TokenSettings {
  maxTokenLifetimeDays: number | null;
  inactiveTokenRemovalDays: number | null;
}

/** The settings; `forUpdate` locks the row until the transaction ends (to compare and write). */
export async function getTokenSettings(db: Database, options: { forUpdate?: boolean } = {}): Promise<TokenSettings> {
  const query = db
    .select({
      maxTokenLifetimeDays: settings.maxTokenLifetimeDays,
      inactiveTokenRemovalDays: settings.inactiveTokenRemovalDays,
    })
    .from(settings)
    .where(eq(settings.id, 1));
  const [row] = options.forUpdate ? await query.for("update") : await query;
  // The seed migration inserts the row; the fallback only covers a hand-edited database.
  return row ?? { maxTokenLifetimeDays: null, inactiveTokenRemovalDays: 60 };
}

export async function updateTokenSettings(db: Database, values: TokenSettings, now: Date): Promise<void> {
  await db
    .insert(settings)
    .values({ id: 1, ...values, updatedAt: now })
    .onConflictDoUpdate({ target: settings.id, set: { ...values, updatedAt: now } });
}

/** The instance's id, kept in the settings row (put back with the defaults if someone removed it). */
export async function getInstanceId(db: Database): Promise<string> {
  const read = () => db.select({ id: settings.instanceId }).from(settings).where(eq(settings.id, 1));
  let [row] = await read();
  if (!row) {
    await db.insert(settings).values({ id: 1 }).onConflictDoNothing();
    [row] = await read();
  }
  if (!row) throw new Error("the settings row is missing");
  return row.id;
}
