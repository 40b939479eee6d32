/**
 * The client address of a request. scripts/server.ts writes it into this header from the socket (or
 * a trusted proxy) on every request, always overwriting what the client sent, so the rate limits and
 * the audit trail can rely on it.
 */
export const CLIENT_IP_HEADER = "x-tokensmith-client-ip";

const UNKNOWN = "unknown";

/** From Fetch API headers: a route handler's request, or a server action's `headers()`. */
export function clientIpOf(headers: Pick<Headers, "get">): string {
  return headers.get(CLIENT_IP_HEADER) ?? UNKNOWN;
}

/** From Node's incoming headers, as next-auth hands them to a sign-in. */
export function clientIpOfNodeHeaders(headers: Record<string, string | string[] | undefined> | undefined): string {
  const value = headers?.[CLIENT_IP_HEADER];
  return (Array.isArray(value) ? value[0] : value) ?? UNKNOWN;
}
