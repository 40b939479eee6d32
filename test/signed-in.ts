import { getServerSession } from "next-auth";
import { vi } from "vitest";
import { getDb } from "@/db/client";
import type { User } from "@/db/schema";
import { sessionClient, startSession } from "@/lib/auth/sessions";
import { clock } from "@/lib/clock";

/**
 * For suites that mock next-auth's `getServerSession` (pages and actions run outside a request):
 * every guard call from now on finds a real session row of `user`, just started, as a signed-in
 * browser's cookie would carry it; null means signed out.
 */
export function signInAs(user: Pick<User, "id"> | null): void {
  vi.mocked(getServerSession).mockImplementation(async () => {
    if (!user) return null;
    const client = sessionClient("192.0.2.10", "vitest");
    const sessionSecret = await startSession(getDb(), { userId: user.id, client, now: clock.now() });
    return { user: { id: user.id }, sessionSecret, expires: "2099-01-01" };
  });
}
