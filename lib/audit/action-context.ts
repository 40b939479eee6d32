import "server-only";
import type { User } from "@/db/schema";
import { actionClientIp } from "@/lib/auth/action-client-ip";
import { clock } from "@/lib/clock";
import type { UserAuditContext } from "./record";

/** The audit context of a server action run by `user`: their address and the current time. */
export async function actionAuditContext(user: Pick<User, "id" | "login">): Promise<UserAuditContext> {
  return { actor: { id: user.id, login: user.login }, clientIp: await actionClientIp(), at: clock.now() };
}
