import type { ServerResponse } from "node:http";
import { z } from "zod";
import { errorBody } from "@/lib/api/responses";

/**
 * Input that Next.js or next-auth would answer with a 500, recognised before they see it so that it
 * gets a 400 (or 405) in the one error shape instead. Everything here is what no browser running
 * this app sends: a hand-made or corrupted request. Anything else goes on unchanged.
 */
export interface Refusal {
  /** 400 or 405 for malformed input; writeRefusal also writes the custom server's other early answers. */
  status: number;
  msg: string;
  headers?: Record<string, string>;
}

const dynamicParamType = z.enum([
  "c",
  "ci(..)(..)",
  "ci(.)",
  "ci(..)",
  "ci(...)",
  "oc",
  "d",
  "di(..)(..)",
  "di(.)",
  "di(..)",
  "di(...)",
]);
const segment = z.union([
  z.string(),
  z.tuple([z.string(), z.string(), dynamicParamType, z.array(z.string()).nullable()]),
]);
type RouterState = [unknown, { [key: string]: RouterState }, ...unknown[]];
/** The router state the App Router client sends (Next's own schema, which throws a 500 on anything else). */
const routerState: z.ZodType<RouterState> = z.lazy(() =>
  z.tuple([
    segment,
    z.record(z.string(), routerState),
    z.tuple([z.string(), z.string()]).nullable().optional(),
    z.enum(["refetch", "inside-shared-layout", "metadata-only"]).nullable().optional(),
    z.number().nullable().optional(),
    z.string().optional(),
  ]),
);

function isRouterState(header: string): boolean {
  try {
    return routerState.safeParse(JSON.parse(decodeURIComponent(header))).success;
  } catch {
    return false;
  }
}

function decodes(text: string): boolean {
  try {
    decodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
}

/** A callback URL next-auth can follow: a path on this site or an absolute URL (it keeps other origins out itself). */
export const isCallbackUrl = (value: string) => value.startsWith("/") || URL.canParse(value);

const CALLBACK_URL_COOKIES = ["next-auth.callback-url", "__Secure-next-auth.callback-url"];

function cookieValues(header: string | undefined, names: string[]): string[] {
  if (!header) return [];
  return header.split(";").flatMap((pair) => {
    const at = pair.indexOf("=");
    if (at < 0 || !names.includes(pair.slice(0, at).trim())) return [];
    const raw = pair.slice(at + 1).trim();
    return [decodes(raw) ? decodeURIComponent(raw) : raw];
  });
}

/** What the server script checks of every request before Next.js: its URL and headers. */
export function refuseMalformedRequest(req: {
  method?: string;
  url?: string;
  headers: Record<string, string | string[] | undefined>;
}): Refusal | null {
  const url = req.url ?? "/";
  const queryAt = url.indexOf("?");
  const pathname = queryAt < 0 ? url : url.slice(0, queryAt);
  if (!decodes(pathname)) return { status: 400, msg: "The URL path is not validly percent-encoded." };
  const tree = req.headers["next-router-state-tree"];
  if (tree !== undefined && (Array.isArray(tree) || !isRouterState(tree))) {
    return { status: 400, msg: "The Next-Router-State-Tree header is not a router state." };
  }
  if (!pathname.startsWith("/api/auth/")) return null;
  // next-auth has no GET callback for password sign-in, and throws on one.
  if (pathname === "/api/auth/callback/credentials" && req.method !== "POST") {
    return { status: 405, msg: "This endpoint accepts POST only.", headers: { Allow: "POST" } };
  }
  const query = new URLSearchParams(queryAt < 0 ? "" : url.slice(queryAt + 1));
  const cookie = req.headers.cookie;
  const callbackUrls = [
    ...query.getAll("callbackUrl"),
    ...cookieValues(Array.isArray(cookie) ? cookie.join("; ") : cookie, CALLBACK_URL_COOKIES),
  ];
  if (callbackUrls.some((value) => !isCallbackUrl(value))) {
    return { status: 400, msg: "The callbackUrl is not a URL." };
  }
  return null;
}

/**
 * What next-auth's route checks of a POST body, which the server script does not read: JSON that
 * parses, and a callbackUrl it can follow.
 */
export function refuseMalformedAuthBody(contentType: string | null, body: string): Refusal | null {
  if (contentType?.includes("application/json")) {
    try {
      JSON.parse(body);
    } catch {
      return { status: 400, msg: "The request body is not valid JSON." };
    }
    return null;
  }
  if (contentType?.includes("application/x-www-form-urlencoded")) {
    const callbackUrls = new URLSearchParams(body).getAll("callbackUrl");
    if (callbackUrls.some((value) => !isCallbackUrl(value)))
      return { status: 400, msg: "The callbackUrl is not a URL." };
  }
  return null;
}

/** Answers a refusal in the one error shape. */
export function writeRefusal(res: ServerResponse, refusal: Refusal): void {
  const body = errorBody(refusal.msg);
  res.writeHead(refusal.status, {
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(body),
    ...refusal.headers,
  });
  res.end(body);
}
