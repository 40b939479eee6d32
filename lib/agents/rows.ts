import type { LiveAgentTokenRow } from "@/db/queries/agent-apps";

export interface AgentTokenRow {
  id: string;
  app: string;
  task: string;
  created: string;
  expires: string;
}

/** A date and time with a 4-digit year, in UTC: agent tokens live an hour, so the day alone says little. */
export function formatDateTime(date: Date): string {
  return date.toLocaleString("en-US", {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZone: "UTC",
    timeZoneName: "short",
  });
}

/** A live agent token as the My Account table shows it (no secret). */
export function agentTokenRow(t: LiveAgentTokenRow): AgentTokenRow {
  return {
    id: t.id,
    app: t.appName,
    task: t.task ?? "",
    created: formatDateTime(t.createdAt),
    expires: t.expiresAt ? formatDateTime(t.expiresAt) : "",
  };
}
