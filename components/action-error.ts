import type { ActionResult } from "@/lib/auth/action-result";

/** What a switch or a confirmation shows after a server action: its error message, or nothing on success. */
export const actionError = (result: ActionResult): string | undefined => (result.ok ? undefined : result.error);
