import "server-only";
import { headers } from "next/headers";
import { clientIpOf } from "@/lib/client-ip";

/** The client address of the request running a server action, for the audit trail. */
export async function actionClientIp(): Promise<string> {
  try {
    return clientIpOf(await headers());
  } catch {
    // Outside a request (integration tests call actions directly) there is no address to record.
    return "unknown";
  }
}
