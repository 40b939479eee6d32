import { getDb } from "@/db/client";
import type { TokenKind } from "@/db/schema";
import { appErrorHeaders, errorBody } from "@/lib/api/responses";
import { readCredentials } from "@/lib/auth/authorization-header";
import { authenticateTokenCredentials } from "@/lib/auth/principal";
import { AppError, insufficientPrivileges } from "@/lib/errors";
import { TOKEN_KINDS, kindsWhere } from "@/lib/tokens/kinds";
import { headerSafe } from "./header-value";

export const FORWARD_AUTH_PATH = "/api/authentication/forward";

/** What the forward-auth endpoint reads from a request; nothing else of it matters. */
export interface ForwardAuthRequest {
  authorization: string | null;
  /** The query string, without its `?`. */
  query: string;
  clientIp: string;
  /** Recorded with the token's last use; nginx's auth_request passes the client's own. */
  userAgent?: string | null;
}

/** The whole answer, for the Node server and the Next route to write as it is. */
export interface ForwardAuthAnswer {
  status: number;
  headers: Record<string, string>;
  /** The error shape as JSON text, or null for the empty 204. */
  body: string | null;
}

// A proxy must ask again on every request: a revoked token fails on the very next one.
const NO_STORE = { "Cache-Control": "no-store" };

const FORWARDED_KINDS = kindsWhere("forwardAuth");

/** The `kinds` query parameter (repeatable, comma-separated): the kinds that may pass, or null for all. */
function allowedKinds(query: string): readonly TokenKind[] | null {
  if (!query) return null;
  const values = new URLSearchParams(query).getAll("kinds");
  if (values.length === 0) return null;
  const names = values
    .join(",")
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");
  if (names.length === 0 || names.some((name) => !FORWARDED_KINDS.some((kind) => kind === name))) {
    throw new AppError(
      "bad_request",
      `The 'kinds' parameter is invalid: list token kinds among ${FORWARDED_KINDS.join(", ")}, separated by commas.`,
      "kinds",
    );
  }
  return FORWARDED_KINDS.filter((kind) => names.includes(kind));
}

async function authenticate(request: ForwardAuthRequest, now: Date): Promise<ForwardAuthAnswer> {
  // Checked first: a proxy misconfiguration is a 400 that touches nothing, whoever calls.
  const allowed = allowedKinds(request.query);
  const credentials = readCredentials(request.authorization);
  if (credentials.type === "none") throw new AppError("unauthorized", "Authentication is required: send a token.");
  if (credentials.type === "password") {
    // Only tokens pass a proxy: a password sent to every guarded service would be a password everywhere.
    throw new AppError(
      "unauthorized",
      "Passwords are not accepted here: send a token as Bearer, or as the Basic login with an empty password.",
    );
  }
  const { token, user } = await authenticateTokenCredentials(getDb(), credentials, request.clientIp, now, {
    userAgent: request.userAgent,
  });
  const kind = TOKEN_KINDS[token.kind];
  if (!kind.forwardAuth || (allowed && !allowed.includes(token.kind))) throw insufficientPrivileges();
  return {
    status: 204,
    headers: {
      ...NO_STORE,
      "X-Tokensmith-Login": kind.owner === "user" && user ? headerSafe(user.login) : "",
      "X-Tokensmith-Token-Kind": token.kind,
      "X-Tokensmith-Token-Name": headerSafe(token.name),
    },
    body: null,
  };
}

/**
 * The forward-auth endpoint for reverse proxies (nginx `auth_request`, Traefik `ForwardAuth`, Envoy
 * `ext_authz`), whatever the method: 204 with who the token is for, else the one error shape (400
 * bad `kinds`, 401, 403 kind not allowed, 429). Never throws: anything unexpected is a logged 500.
 */
export async function answerForwardAuth(request: ForwardAuthRequest, now: Date): Promise<ForwardAuthAnswer> {
  try {
    return await authenticate(request, now);
  } catch (error) {
    if (error instanceof AppError) {
      return {
        status: error.status,
        headers: { ...NO_STORE, "Content-Type": "application/json", ...appErrorHeaders(error) },
        body: errorBody(error.message),
      };
    }
    // Never echo internals (or anything from the request) to the caller.
    console.error("Unexpected error in", FORWARD_AUTH_PATH, error instanceof Error ? error.message : error);
    return {
      status: 500,
      headers: { ...NO_STORE, "Content-Type": "application/json" },
      body: errorBody("An unexpected error occurred."),
    };
  }
}
