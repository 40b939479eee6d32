import type { Database } from "@/db/client";
import { dismissNotice, type NoticeAudience } from "@/db/queries/notices";
import type { User } from "@/db/schema";
import { AppError, insufficientPrivileges } from "@/lib/errors";

/**
 * Dismisses a notice of the actor's own (`mine`) or, for admins only, one of the instance's
 * (`instance`, shared by the admins: one dismissal hides it for all). Another user's notice
 * matches nothing: the audience is part of the update's condition.
 */
export async function dismissNoticeAs(
  db: Database,
  actor: Pick<User, "id" | "role">,
  input: { noticeId: string; audience: "mine" | "instance" },
  now: Date,
): Promise<void> {
  if (input.audience === "instance" && actor.role !== "admin") throw insufficientPrivileges();
  const audience: NoticeAudience = input.audience === "mine" ? { userId: actor.id } : { admins: true };
  if (!(await dismissNotice(db, input.noticeId, audience, now))) throw new AppError("not_found", "Notice not found.");
}
