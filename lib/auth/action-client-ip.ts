import "server-only";
import { headers } from "next/headers";
import { CLIENT_IP_HEADER } from "@/lib/api/handler";

/**
 * The client address of the request running a server action, for the audit trail. The header is
 * set by scripts/server.ts from the socket (or a trusted proxy), never by the client.
 */
export async function actionClientIp(): Promise<string> {
  try {
    return (await headers()).get(CLIENT_IP_HEADER) ?? "unknown";
  } catch {
    // Outside a request (integration tests call actions directly) there is no address to record.
    return "unknown";
  }
}
