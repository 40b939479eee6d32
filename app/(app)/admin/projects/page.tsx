import { getDb } from "@/db/client";
import { listScanGrants } from "@/db/queries/permissions";
import { listProjects } from "@/db/queries/projects";
import { PageHeader } from "@/components/page-header";
import { Section } from "@/components/ui";
import { requireAdmin } from "@/lib/auth/session";
import { CreateProjectForm } from "./create-project-form";
import { GrantList, GrantScanForm, type Grantee } from "./scan-grants";
import { ProjectsTable } from "./projects-table";

export const metadata = { title: "Projects - Administration - Tokensmith" };

export default async function ProjectsPage() {
  await requireAdmin();
  const db = getDb();
  const [projects, grants] = await Promise.all([listProjects(db), listScanGrants(db)]);
  const granteesOf = (projectId: string | null): Grantee[] =>
    grants.filter((g) => g.projectId === projectId).map((g) => ({ userId: g.userId, login: g.login, name: g.name }));

  return (
    <div className="flex flex-col gap-6">
      <PageHeader trail="Administration" title="Projects" />
      <Section title="Create a project">
        <CreateProjectForm />
      </Section>
      <Section title="Projects">
        <ProjectsTable projects={projects.map((p) => ({ key: p.key, name: p.name, grantees: granteesOf(p.id) }))} />
      </Section>
      <Section title="Global Execute Analysis">
        <p className="mb-4 text-sm text-slate-600">
          These users may run analyses on every project and hold Global Analysis Tokens. Administrators have every
          permission.
        </p>
        <GrantScanForm />
        <div className="mt-4">
          <GrantList grantees={granteesOf(null)} />
        </div>
      </Section>
    </div>
  );
}
