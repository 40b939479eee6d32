import Link from "next/link";
import { Button, inputClass } from "@/components/ui";
import { AUDIT_ACTIONS } from "@/lib/audit/record";

/** A plain GET form: the filters become the page's query parameters (and survive a reload). */
export function AuditFilters({ user, action }: { user: string; action: string }) {
  const filtered = user !== "" || action !== "";
  return (
    <form role="search" aria-label="Filter the audit log" className="flex flex-wrap items-end gap-3">
      <div className="flex flex-col gap-1">
        <label htmlFor="audit-user" className="text-sm font-medium text-slate-700">
          User
        </label>
        <input
          id="audit-user"
          type="search"
          name="user"
          defaultValue={user}
          placeholder="Login"
          maxLength={255}
          className={`${inputClass} w-56`}
        />
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="audit-action" className="text-sm font-medium text-slate-700">
          Action
        </label>
        <select id="audit-action" name="action" defaultValue={action} className={`${inputClass} w-64`}>
          <option value="">All actions</option>
          {Object.entries(AUDIT_ACTIONS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <Button type="submit">Filter</Button>
      {filtered ? (
        <Link href="/admin/audit" className="px-1 py-2 text-sm font-medium text-indigo-700 hover:underline">
          Clear filters
        </Link>
      ) : null}
    </form>
  );
}
