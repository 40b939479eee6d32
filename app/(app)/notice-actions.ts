"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { userAction } from "@/lib/auth/user-action";
import { dismissNoticeAs } from "@/lib/notices/dismiss";

/** `Dismiss` of the `Notices` region on My Account (`mine`) and Settings > Tokens (`instance`, admins). */
export const dismissNoticeAction = userAction(
  z.object({ noticeId: z.uuid(), audience: z.enum(["mine", "instance"]) }),
  async (input, { actor, audit }) => {
    await dismissNoticeAs(getDb(), actor, input, audit.at);
    revalidatePath(input.audience === "mine" ? "/account/security" : "/settings/tokens");
    return { ok: true };
  },
);
