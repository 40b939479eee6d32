import type { LiveAgentTokenRow } from "@/db/queries/agent-apps";
import { formatDateTime } from "@/lib/dates";

export interface AgentTokenRow {
  id: string;
  app: string;
  task: string;
  created: string;
  expires: string;
}

/** A live agent token as the My Account table shows it (no secret); times matter, as they live an hour. */
export function agentTokenRow(t: LiveAgentTokenRow): AgentTokenRow {
  return {
    id: t.id,
    app: t.appName,
    task: t.task ?? "",
    created: formatDateTime(t.createdAt),
    expires: t.expiresAt ? formatDateTime(t.expiresAt) : "",
  };
}
