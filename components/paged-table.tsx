import type { ReactNode } from "react";
import { Pagination } from "./pagination";
import { SearchBox } from "./search-box";

/** Where a table is in its rows, as the page read it from its URL and the database. */
export interface TablePaging {
  /** The page's path, where the search box submits. */
  path: string;
  query: string;
  page: number;
  pageSize: number;
  total: number;
  /** The URL parameters of this table's search and page (`q` and `p` unless a page has two tables). */
  queryParam: string;
  pageParam: string;
  /** The page's other parameters, kept by the search and the page links. */
  keep: Record<string, string>;
}

/**
 * A table with its search box above and the pagination control below (once there is a row), both
 * kept in the URL, so a reload, a shared link or a revocation stays on the same page.
 */
export function PagedTable({
  paging,
  searchLabel,
  noun,
  navLabel,
  children,
}: {
  paging: TablePaging;
  searchLabel: string;
  /** What the count counts: `1-50 of 1,000 tokens`. */
  noun: string;
  navLabel?: string;
  children: ReactNode;
}) {
  const { path, query, page, pageSize, total, queryParam, pageParam, keep } = paging;
  return (
    <div className="flex flex-col gap-4">
      <SearchBox action={path} label={searchLabel} name={queryParam} value={query} keep={keep} />
      {children}
      {total > 0 ? (
        <Pagination
          page={page}
          pageSize={pageSize}
          total={total}
          params={{ ...keep, [queryParam]: query }}
          noun={noun}
          pageParam={pageParam}
          label={navLabel}
        />
      ) : null}
    </div>
  );
}
