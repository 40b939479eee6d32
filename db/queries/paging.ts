/** What a table asks for: the words to match in names (empty: all), the page (from 1) and its size. */
export interface PageRequest {
  query: string;
  page: number;
  pageSize: number;
}

/** One page of rows, the total of every page, and the page they are (see pageOf). */
export interface Page<Row> {
  rows: Row[];
  total: number;
  page: number;
}

/**
 * Counts and reads one page at once. A page past the end (its last row was just revoked, or an old
 * link) is read again as the last page, so the table never shows an empty page while rows exist.
 */
export async function pageOf<Row>(
  request: PageRequest,
  count: () => Promise<number>,
  read: (limit: number, offset: number) => Promise<Row[]>,
): Promise<Page<Row>> {
  const { page, pageSize } = request;
  const [total, rows] = await Promise.all([count(), read(pageSize, (page - 1) * pageSize)]);
  const lastPage = Math.max(1, Math.ceil(total / pageSize));
  if (rows.length > 0 || page <= lastPage) return { rows, total, page };
  return { rows: await read(pageSize, (lastPage - 1) * pageSize), total, page: lastPage };
}
