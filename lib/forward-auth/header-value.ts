const PLAIN = /^[\x20-\x24\x26-\x7e]*$/;

/**
 * A value made safe for an HTTP header: printable ASCII other than `%` stays as it is, every other
 * character becomes the percent-escapes of its UTF-8 bytes. `decodeURIComponent` (or Python's
 * `urllib.parse.unquote`) gives the value back, and plain ASCII names and logins arrive unchanged.
 */
export function headerSafe(value: string): string {
  if (PLAIN.test(value)) return value;
  let out = "";
  for (const byte of Buffer.from(value, "utf8")) {
    out +=
      byte >= 0x20 && byte <= 0x7e && byte !== 0x25
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}
