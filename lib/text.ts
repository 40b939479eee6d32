/** Control characters (NUL above all, which Postgres text cannot hold) have no place in names. */
export function hasControlCharacters(text: string): boolean {
  return [...text].some((char) => {
    const code = char.charCodeAt(0);
    return code < 0x20 || code === 0x7f;
  });
}
