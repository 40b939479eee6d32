import { getDb } from "@/db/client";
import { listAuditEvents } from "@/db/queries/audit";
import { PageHeader } from "@/components/page-header";
import { Pagination } from "@/components/pagination";
import { auditActionLabel, describeAuditDetails, describeAuditToken, isAuditAction } from "@/lib/audit/describe";
import { requireAdmin } from "@/lib/auth/session";
import { formatDate, formatTimeUtc } from "@/lib/dates";
import { AuditFilters } from "./audit-filters";
import { AuditTable, type AuditRow } from "./audit-table";

export const metadata = { title: "Audit log - Administration - Tokensmith" };

const PAGE_SIZE = 50;

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const single = (value: string | string[] | undefined) => (typeof value === "string" ? value : "");

export default async function AuditPage({ searchParams }: { searchParams: SearchParams }) {
  await requireAdmin();
  const params = await searchParams;
  // Filters live in the query string, so a reload or a shared link keeps them.
  const user = single(params.user).trim().slice(0, 255);
  const requestedAction = single(params.action);
  const action = isAuditAction(requestedAction) ? requestedAction : "";
  const page = Math.max(1, Math.min(1_000_000, Number.parseInt(single(params.p), 10) || 1));

  const { rows, total } = await listAuditEvents(getDb(), { user, action, page, pageSize: PAGE_SIZE });
  const events: AuditRow[] = rows.map((event) => ({
    id: event.id,
    at: event.createdAt.toISOString(),
    date: formatDate(event.createdAt),
    time: formatTimeUtc(event.createdAt),
    action: auditActionLabel(event.action),
    by: event.actorLogin ?? "System",
    for: event.targetLogin ?? "",
    token: describeAuditToken(event),
    clientIp: event.clientIp ?? "",
    details: describeAuditDetails(event.details),
  }));

  return (
    <div className="flex flex-col gap-6">
      <PageHeader trail="Administration" title="Audit log" />
      <AuditFilters user={user} action={action} />
      <div className="rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
        <AuditTable events={events} />
      </div>
      <Pagination page={page} pageSize={PAGE_SIZE} total={total} params={{ user, action }} noun="events" />
    </div>
  );
}
