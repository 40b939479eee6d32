import { getDb } from "@/db/client";
import { getTokenSettings } from "@/db/queries/settings";
import { listLiveAgentTokens } from "@/db/queries/agent-apps";
import { listLiveNotices } from "@/db/queries/notices";
import { listPersonalTokens } from "@/db/queries/tokens";
import { NoticesRegion } from "@/components/notices-region";
import { Section } from "@/components/ui";
import { agentTokenRow } from "@/lib/agents/rows";
import { requireSession } from "@/lib/auth/session";
import { clock } from "@/lib/clock";
import { noticeItems, tokenBadges } from "@/lib/notices/view";
import { tokenTypesOffered } from "@/lib/tokens/analysis-scope";
import { allowedLifetimeOptions } from "@/lib/tokens/expiry";
import { tokenRow } from "@/lib/tokens/rows";
import { dismissNoticeAction } from "../../notice-actions";
import { AgentAppsSection } from "./agent-apps-section";
import { PersonalTokens } from "./personal-tokens";
import { Sessions } from "./sessions";

export const metadata = { title: "Security - My Account - Tokensmith" };

export default async function SecurityPage() {
  const { user, session } = await requireSession();
  const db = getDb();
  const now = clock.now();
  const [tokens, settings, { types, projects }, agentTokens, notices] = await Promise.all([
    listPersonalTokens(db, user.id, now),
    getTokenSettings(db),
    tokenTypesOffered(db, user),
    listLiveAgentTokens(db, user.id, now),
    listLiveNotices(db, { userId: user.id }, now),
  ]);
  const badges = tokenBadges(notices);

  return (
    <div className="flex flex-col gap-8">
      <header>
        <p className="text-sm text-slate-500">My Account</p>
        <h1 className="text-2xl font-bold tracking-tight">Security</h1>
      </header>
      <Section title="Personal Tokens">
        <p className="mb-6 text-sm text-slate-600">
          Use personal tokens instead of your password in scripts, CI and tools: send one as{" "}
          <code className="rounded bg-slate-100 px-1">Authorization: Bearer &lt;token&gt;</code>.
        </p>
        <NoticesRegion notices={noticeItems(notices, now)} audience="mine" dismiss={dismissNoticeAction} />
        <PersonalTokens
          types={types}
          projects={projects}
          lifetimes={allowedLifetimeOptions(settings.maxTokenLifetimeDays).map((o) => o.label)}
          rows={tokens.map((t) => ({ ...tokenRow(t, now), badge: badges.get(t.id) }))}
        />
      </Section>
      <Section title="Agent Apps">
        <p className="mb-6 text-sm text-slate-600">
          Agent apps may create short-lived tokens that act as you, once you allow them: each token works until its task
          finishes, for one hour at most. Turning this off revokes them at once.
        </p>
        <AgentAppsSection allowed={user.allowAgentApps} rows={agentTokens.map(agentTokenRow)} />
      </Section>
      <Sessions userId={user.id} currentSessionId={session.id} now={now} />
    </div>
  );
}
