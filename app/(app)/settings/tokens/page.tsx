import { getDb } from "@/db/client";
import { listLiveNotices } from "@/db/queries/notices";
import { listOrganizationTokensPage } from "@/db/queries/organization-tokens";
import { listProjects } from "@/db/queries/projects";
import { getTokenSettings } from "@/db/queries/settings";
import { NoticesRegion } from "@/components/notices-region";
import { PageHeader } from "@/components/page-header";
import { PagedTable } from "@/components/paged-table";
import { requireAdmin } from "@/lib/auth/session";
import { clock } from "@/lib/clock";
import { formatDate } from "@/lib/dates";
import { noticeItems, tokenBadges } from "@/lib/notices/view";
import { pageNumber, searchText, type SearchParams } from "@/lib/search-params";
import { organizationExpiryLabel, organizationExpiryOptions } from "@/lib/tokens/organization-expiry";
import { organizationTokenTypeLabel } from "@/lib/tokens/organization-tokens";
import { usageCells } from "@/lib/tokens/rows";
import { dismissNoticeAction } from "../../notice-actions";
import { CreateOrganizationTokenDialog } from "./create-token-dialog";
import { OrganizationTokensTable, type OrganizationTokenTableRow } from "./organization-tokens-table";

export const metadata = { title: "Tokens - Settings - Tokensmith" };

const PATH = "/settings/tokens";
const PAGE_SIZE = 50;

function scopeOf(allProjects: boolean | null, projects: { name: string }[]): string {
  if (allProjects) return "All projects";
  if (projects.length === 0) return "No projects (its projects were deleted)";
  return projects.map((p) => p.name).join(", ");
}

export default async function OrganizationTokensPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireAdmin();
  const params = await searchParams;
  const request = { query: searchText(params.q), page: pageNumber(params.p), pageSize: PAGE_SIZE };
  const db = getDb();
  const now = clock.now();
  const [tokens, projects, settings, notices] = await Promise.all([
    listOrganizationTokensPage(db, { ...request, now }),
    listProjects(db),
    getTokenSettings(db),
    listLiveNotices(db, { admins: true }, now),
  ]);
  const badges = tokenBadges(notices);

  const rows: OrganizationTokenTableRow[] = tokens.rows.map((t) => ({
    id: t.id,
    name: t.name,
    type: organizationTokenTypeLabel(t.label),
    scope: scopeOf(t.allProjects, t.projects),
    expiry: organizationExpiryLabel(t.expiresAt, now),
    createdBy: t.createdByLogin ?? "",
    creationDate: formatDate(t.createdAt),
    ...usageCells(t, now),
    badge: badges.get(t.id),
  }));

  return (
    <>
      <PageHeader trail="Settings" title="Tokens">
        <CreateOrganizationTokenDialog
          expiries={organizationExpiryOptions(settings.maxTokenLifetimeDays).map((o) => o.label)}
          projects={projects.map((p) => ({ key: p.key, name: p.name }))}
        />
      </PageHeader>
      <p className="max-w-3xl text-sm text-slate-600">
        Organization tokens belong to the instance, not to a person: they only submit analyses, for all projects or for
        the projects you choose, and keep working when the administrator who created them leaves. Use one in CI as{" "}
        <code className="rounded bg-slate-100 px-1">Authorization: Bearer &lt;token&gt;</code>.
      </p>
      <NoticesRegion notices={noticeItems(notices, now)} audience="instance" dismiss={dismissNoticeAction} />
      <PagedTable
        paging={{
          path: PATH,
          ...request,
          page: tokens.page,
          total: tokens.total,
          queryParam: "q",
          pageParam: "p",
          keep: {},
        }}
        searchLabel="Search tokens"
        noun="tokens"
      >
        <div className="rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
          <OrganizationTokensTable rows={rows} />
        </div>
      </PagedTable>
    </>
  );
}
