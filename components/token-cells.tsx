import type { UsageCells } from "@/lib/tokens/rows";
import { tableCell } from "./ui";

/** `Last use`: the relative time, and beneath it the client address (its `User-Agent` on hover). */
export function LastUseCell({ row }: { row: UsageCells }) {
  return (
    <td className={tableCell}>
      <div>{row.lastUse}</div>
      {row.lastUseAddress ? (
        <div className="text-xs text-slate-500" title={row.lastUseClient || undefined}>
          {row.lastUseAddress}
        </div>
      ) : null}
    </td>
  );
}

/**
 * The expiration column: `Rotated` and when it stops for a rotated token, else the table's own text
 * (a date, `Never`, days left), in red once `expired`.
 */
export function ExpirationCell({ row, text, expired }: { row: UsageCells; text: string; expired: boolean }) {
  if (row.rotatedUntil !== null) {
    return (
      <td className={tableCell}>
        <div className="font-medium text-amber-700">Rotated</div>
        <div className="text-xs text-slate-500">{row.rotatedUntil}</div>
      </td>
    );
  }
  return <td className={`${tableCell} ${expired ? "font-medium text-red-600" : ""}`}>{text}</td>;
}
