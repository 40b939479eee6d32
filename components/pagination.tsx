import Link from "next/link";

// Fixed to en-US so that the words do not depend on the server's locale: "1,000".
const count = new Intl.NumberFormat("en-US");

/**
 * "1-25 of 1,080 users" with Previous/Next links that keep the other query parameters. `pageParam`
 * names the page's own parameter, for a page with more than one table (default `p`).
 */
export function Pagination({
  page,
  pageSize,
  total,
  params,
  noun,
  pageParam = "p",
  label = "Pagination",
}: {
  page: number;
  pageSize: number;
  total: number;
  params: Record<string, string>;
  noun: string;
  pageParam?: string;
  /** The navigation's accessible name, distinct for each table of a page. */
  label?: string;
}) {
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  const href = (p: number) => {
    const search = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== ""));
    if (p > 1) search.set(pageParam, String(p));
    const text = search.toString();
    return text ? `?${text}` : "?";
  };
  const linkClass = "rounded-md px-3 py-1.5 text-sm font-medium ring-1 ring-inset ring-slate-300 hover:bg-slate-50";
  return (
    <nav aria-label={label} className="flex items-center justify-between gap-4 text-sm text-slate-600">
      <p>
        {count.format(first)}-{count.format(last)} of {count.format(total)} {noun}
      </p>
      <div className="flex gap-2">
        {page > 1 ? (
          <Link href={href(page - 1)} scroll={false} className={linkClass}>
            Previous
          </Link>
        ) : null}
        {last < total ? (
          <Link href={href(page + 1)} scroll={false} className={linkClass}>
            Next
          </Link>
        ) : null}
      </div>
    </nav>
  );
}
