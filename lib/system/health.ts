import type { Database } from "@/db/client";
import { getInstanceId } from "@/db/queries/settings";

/** How long the database may take to answer a health probe before it counts as not answering. */
export const PROBE_TIMEOUT_MS = 3_000;

export type DatabaseProbe = { ok: true; instanceId: string } | { ok: false; cause: string };

/**
 * Asks the database for the instance id, a real read of a table the app needs: a database that
 * fails, or hangs past `timeoutMs` (a lost connection, a lock), does not answer.
 */
export async function probeDatabase(db: Database, timeoutMs = PROBE_TIMEOUT_MS): Promise<DatabaseProbe> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), timeoutMs);
  });
  try {
    const answer = await Promise.race([getInstanceId(db), timeout]);
    if (answer === "timeout") return { ok: false, cause: `The database did not answer within ${timeoutMs} ms.` };
    return { ok: true, instanceId: answer };
  } catch (error) {
    // The driver's message may name hosts and ports: it goes to the log, not to the caller.
    console.error("Database probe failed:", error instanceof Error ? error.message : error);
    return { ok: false, cause: "The database does not answer." };
  } finally {
    clearTimeout(timer);
  }
}

export interface SystemHealth {
  health: "GREEN" | "RED";
  causes: { message: string }[];
}

/** SonarQube's health: GREEN, or RED with the cause when the database does not answer. */
export async function systemHealth(db: Database, timeoutMs = PROBE_TIMEOUT_MS): Promise<SystemHealth> {
  const probe = await probeDatabase(db, timeoutMs);
  return probe.ok ? { health: "GREEN", causes: [] } : { health: "RED", causes: [{ message: probe.cause }] };
}
