import { getDb } from "@/db/client";
import { listAgentApps } from "@/db/queries/agent-apps";
import { PageHeader } from "@/components/page-header";
import { requireAdmin } from "@/lib/auth/session";
import { formatDate } from "@/lib/dates";
import { AgentAppsTable } from "./agent-apps-table";
import { RegisterAgentAppDialog } from "./register-agent-app-dialog";

export const metadata = { title: "Agent Apps - Administration - Tokensmith" };

export default async function AgentAppsPage() {
  await requireAdmin();
  const apps = await listAgentApps(getDb());
  return (
    <div className="flex flex-col gap-6">
      <PageHeader trail="Administration" title="Agent Apps">
        <RegisterAgentAppDialog />
      </PageHeader>
      <p className="max-w-3xl text-sm text-slate-600">
        An agent app holds one credential that only creates agent tokens, for users who allow Agent Apps in their
        account. Each agent token acts as its user until its task finishes, for one hour at most.
      </p>
      <div className="rounded-lg bg-white p-2 shadow-sm ring-1 ring-slate-200">
        <AgentAppsTable
          apps={apps.map((a) => ({
            id: a.id,
            name: a.name,
            createdBy: a.createdByLogin,
            created: formatDate(a.createdAt),
          }))}
        />
      </div>
    </div>
  );
}
