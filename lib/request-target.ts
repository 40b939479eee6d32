/** Whether a request target (as Node gives `req.url`) is `path`, with or without a query string. */
export function targetsPath(url: string | undefined, path: string): boolean {
  if (!url?.startsWith(path)) return false;
  return url.length === path.length || url[path.length] === "?";
}
