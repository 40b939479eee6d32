import type { ReactNode } from "react";

/** A page title with its breadcrumb (e.g. `Administration > Security`) and optional actions. */
export function PageHeader({ trail, title, children }: { trail: string; title: string; children?: ReactNode }) {
  return (
    <header className="flex flex-wrap items-end justify-between gap-4">
      <div>
        <p className="text-sm text-slate-500">{trail}</p>
        <h1 className="text-2xl font-bold tracking-tight">{title}</h1>
      </div>
      {children}
    </header>
  );
}
