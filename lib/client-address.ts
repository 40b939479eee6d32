import ipaddr from "ipaddr.js";

/**
 * How many reverse proxies in front of the server append to `X-Forwarded-For`, from TRUST_PROXY:
 * unset, empty, `false` or `0` for none, `true` for one, or their number. Anything else is a
 * mistake that would silently key the rate limits on the wrong address, so it fails the start.
 */
export function parseTrustProxy(value: string | undefined): number {
  const setting = (value ?? "").trim().toLowerCase();
  if (setting === "" || setting === "false") return 0;
  if (setting === "true") return 1;
  if (/^\d{1,2}$/.test(setting)) return Number(setting);
  throw new Error(
    `TRUST_PROXY must be true (one reverse proxy in front of the server), the number of proxies (e.g. 2), or false; got '${value}'.`,
  );
}

/**
 * The client address of a request. Without trusted proxies, the socket's peer. Behind N of them,
 * the Nth address from the right of `X-Forwarded-For`: each proxy appends the address it saw, so
 * that one was written by the outermost trusted proxy, while everything left of it is whatever
 * the client chose to send. When the header holds fewer than N addresses (or no address there),
 * the request did not come through all of them: the socket's peer then, never a chosen value.
 */
export function clientAddressOf(request: {
  socketAddress: string | undefined;
  forwardedFor: string | string[] | undefined;
  trustedProxies: number;
}): string {
  return withoutIpv4Mapping(pickedAddressOf(request));
}

const IPV4_MAPPED = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/**
 * An IPv4 client of a dual-stack socket is reported as `::ffff:192.0.2.1`: stored, audited and shown
 * as the plain IPv4 people write. A regex, not a parse: this runs on every request.
 */
function withoutIpv4Mapping(address: string): string {
  return IPV4_MAPPED.exec(address)?.[1] ?? address;
}

function pickedAddressOf(request: {
  socketAddress: string | undefined;
  forwardedFor: string | string[] | undefined;
  trustedProxies: number;
}): string {
  const socket = request.socketAddress || "unknown";
  if (request.trustedProxies === 0 || request.forwardedFor === undefined) return socket;
  const hops = [request.forwardedFor]
    .flat()
    .flatMap((header) => header.split(","))
    .map((hop) => hop.trim())
    .filter((hop) => hop !== "");
  const appended = hops[hops.length - request.trustedProxies];
  return appended !== undefined && ipaddr.isValid(appended) ? appended : socket;
}
