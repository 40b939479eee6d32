import { getDb } from "@/db/client";
import { listLiveSessions } from "@/db/queries/sessions";
import { Section } from "@/components/ui";
import { sessionRow } from "@/lib/auth/session-rows";
import { sessionsCreatedAfter } from "@/lib/auth/sessions";
import { SessionsSection } from "./sessions-section";

/** Section `Sessions`: reads the user's live sessions itself, so the page only places it. */
export async function Sessions({
  userId,
  currentSessionId,
  now,
}: {
  userId: string;
  currentSessionId: string;
  now: Date;
}) {
  const sessions = await listLiveSessions(getDb(), userId, sessionsCreatedAfter(now));
  return (
    <Section title="Sessions">
      <p className="mb-6 text-sm text-slate-600">
        Where you are signed in. A session lasts 12 hours from sign-in; Log out ends it at once.
      </p>
      <SessionsSection rows={sessions.map((s) => sessionRow(s, currentSessionId, now))} />
    </Section>
  );
}
