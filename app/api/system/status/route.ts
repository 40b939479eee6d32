import { apiRoute } from "@/lib/api/handler";
import { json, methodNotAllowed } from "@/lib/api/responses";
import { probeDatabase } from "@/lib/system/health";
import { APP_VERSION } from "@/lib/system/version";

/**
 * `{id, version, status}` without credentials. `id` is the instance's, stored in the database, so
 * every server on one database reports the same. `DOWN` (SonarQube's word) when the database does
 * not answer; the id is unknown then.
 */
export const GET = apiRoute({ as: "anyone" }, async ({ db }) => {
  const probe = await probeDatabase(db);
  return json({ id: probe.ok ? probe.instanceId : "", version: APP_VERSION, status: probe.ok ? "UP" : "DOWN" });
});

export const POST = methodNotAllowed("GET");
