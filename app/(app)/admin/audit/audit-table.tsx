import { DataTable } from "@/components/data-table";

export interface AuditRow {
  id: string;
  /** ISO timestamp, for the <time> element. */
  at: string;
  date: string;
  time: string;
  action: string;
  by: string;
  for: string;
  token: { kind: string; name: string; hint: string } | null;
  clientIp: string;
  details: string;
}

const th = "px-4 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-500";
const td = "px-4 py-3 text-sm text-slate-700 align-top";

export function AuditTable({ events }: { events: AuditRow[] }) {
  return (
    <DataTable
      headers={["Date", "Action", "By", "For", "Token", "Client address", "Details"]}
      rows={events}
      rowKey={(event) => event.id}
      empty="No audit events"
      emptyClassName="p-4"
      headerCellClassName={th}
      renderRow={(event) => (
        <>
          <td className={`${td} whitespace-nowrap`}>
            <time dateTime={event.at} className="flex flex-col">
              <span>{event.date}</span>
              <span className="text-xs text-slate-500">{event.time}</span>
            </time>
          </td>
          <td className={`${td} whitespace-nowrap font-medium text-slate-900`}>{event.action}</td>
          <td className={td}>{event.by}</td>
          <td className={td}>{event.for}</td>
          <td className={`${td} min-w-40`}>
            {event.token ? (
              <span className="flex flex-col">
                <span className="text-xs text-slate-500">{event.token.kind}</span>
                <span className="font-medium text-slate-900 [overflow-wrap:anywhere]">{event.token.name}</span>
                <span className="font-mono text-xs">{event.token.hint}</span>
              </span>
            ) : null}
          </td>
          <td className={`${td} whitespace-nowrap font-mono text-xs`}>{event.clientIp}</td>
          <td className={`${td} min-w-48`}>{event.details}</td>
        </>
      )}
    />
  );
}
