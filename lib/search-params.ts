/** A page's query string, as Next.js gives it to the page. */
export type SearchParams = Record<string, string | string[] | undefined>;

/** One parameter's text; a repeated or missing parameter is no text. */
export const single = (value: string | string[] | undefined) => (typeof value === "string" ? value : "");

/** The words of a search box: trimmed, at most 255 characters. */
export const searchText = (value: string | string[] | undefined) => single(value).trim().slice(0, 255);

/** A page number from the URL: 1 unless a whole number from 1 to 1,000,000. */
export const pageNumber = (value: string | string[] | undefined) =>
  Math.max(1, Math.min(1_000_000, Number.parseInt(single(value), 10) || 1));

/** The named parameters' texts, to carry over to links and forms that change the others. */
export const keepParams = (params: SearchParams, names: readonly string[]): Record<string, string> =>
  Object.fromEntries(names.map((name) => [name, single(params[name])]));
