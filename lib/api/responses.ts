import { AppError } from "@/lib/errors";

/** The one error shape of the Web API: {"errors":[{"msg":"..."}]}, as the JSON text of a body. */
export function errorBody(msg: string): string {
  return JSON.stringify({ errors: [{ msg }] });
}

export function errorResponse(status: number, msg: string, headers: Record<string, string> = {}): Response {
  return new Response(errorBody(msg), { status, headers: { "Content-Type": "application/json", ...headers } });
}

/** The headers an AppError's response carries besides its body: when to retry, how to authenticate. */
export function appErrorHeaders(error: AppError): Record<string, string> {
  const headers: Record<string, string> = {};
  if (error.retryAfterSeconds !== undefined) headers["Retry-After"] = String(error.retryAfterSeconds);
  if (error.status === 401) headers["WWW-Authenticate"] = 'Bearer realm="Tokensmith"';
  return headers;
}

/** An AppError as the custom server writes it with Node's own response (writeRefusal), before Next.js. */
export function appErrorRefusal(error: AppError): { status: number; msg: string; headers: Record<string, string> } {
  return { status: error.status, msg: error.message, headers: appErrorHeaders(error) };
}

export function appErrorResponse(error: AppError): Response {
  return errorResponse(error.status, error.message, appErrorHeaders(error));
}

export function json(data: unknown, status = 200): Response {
  return Response.json(data, { status });
}

/** A response holding a token value: single reveal, so nothing may cache it. */
export function jsonWithSecret(data: unknown): Response {
  return Response.json(data, { status: 200, headers: { "Cache-Control": "no-store" } });
}

export function noContent(): Response {
  return new Response(null, { status: 204 });
}

/** For a route's other methods, so that even a wrong method gets the one error shape. */
export function methodNotAllowed(allowed: string) {
  return async (): Promise<Response> =>
    errorResponse(405, `This endpoint accepts ${allowed} only.`, { Allow: allowed });
}

/** A text/plain answer, as SonarQube's server/version and system/ping give. */
export function plainText(body: string): Response {
  return new Response(body, { status: 200, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}
