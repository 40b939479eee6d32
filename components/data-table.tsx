import type { ButtonHTMLAttributes, ReactNode } from "react";
import { Button, tableCell, tableHeaderCell } from "./ui";

/** A column header: its visible text, or a text only screen readers get (a column of row buttons). */
export type ColumnHeader = string | { srOnly: string };

const headerText = (header: ColumnHeader) => (typeof header === "string" ? header : header.srOnly);

/**
 * The shell of every entity table: the scrolling wrapper, the header row and one body row per item,
 * or the table's own empty-state words when there are no rows. `footer` (e.g. a pagination summary)
 * follows the table, or the empty state. No hooks, so server components can use it too.
 */
export function DataTable<Row>({
  headers,
  rows,
  rowKey,
  renderRow,
  empty,
  emptyClassName = "",
  headerCellClassName = tableHeaderCell,
  footer,
}: {
  headers: readonly ColumnHeader[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  /** The row's cells (`<td>`s); the shell supplies the `<tr>`. */
  renderRow: (row: Row) => ReactNode;
  empty: string;
  /** Spacing around the empty-state text, to match the surrounding card. */
  emptyClassName?: string;
  headerCellClassName?: string;
  footer?: ReactNode;
}) {
  if (rows.length === 0) {
    return (
      <>
        <p className={`${emptyClassName} text-sm text-slate-500`.trim()}>{empty}</p>
        {footer}
      </>
    );
  }
  return (
    <>
      {/* Relative, so the sr-only headers (absolutely placed) scroll with the table instead of widening the page. */}
      <div className="relative overflow-x-auto">
        <table className="min-w-full divide-y divide-slate-200">
          <thead>
            <tr>
              {headers.map((header) => (
                <th key={headerText(header)} className={headerCellClassName}>
                  {typeof header === "string" ? header : <span className="sr-only">{header.srOnly}</span>}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((row) => (
              <tr key={rowKey(row)}>{renderRow(row)}</tr>
            ))}
          </tbody>
        </table>
      </div>
      {footer}
    </>
  );
}

/** A row's one action (`Delete`, `Revoke`…): a secondary button, right-aligned in the row's last cell. */
export function RowActionCell({
  label,
  className = tableCell,
  ...button
}: Pick<ButtonHTMLAttributes<HTMLButtonElement>, "aria-label" | "disabled" | "title"> & {
  label: string;
  onClick: () => void;
  /** The cell's classes, when the row's other cells differ from `tableCell`. */
  className?: string;
}) {
  return (
    <td className={`${className} text-right`}>
      <Button variant="secondary" {...button}>
        {label}
      </Button>
    </td>
  );
}
