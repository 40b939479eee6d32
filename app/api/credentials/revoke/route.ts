import { apiRoute } from "@/lib/api/handler";
import { json, methodNotAllowed } from "@/lib/api/responses";
import { rateLimiters, rateLimitKeyOf } from "@/lib/auth/rate-limit";
import { AppError } from "@/lib/errors";
import { parseLeakReport, revokeReportedTokens } from "@/lib/notices/leak-report";

/**
 * Public leak reports from secret scanners: `{"credentials": [...]}` → 202 `{"received": N}`, the
 * same whatever matched. 60 requests per address an hour, counted before the body is looked at.
 */
export const POST = apiRoute(
  { as: "anyone" },
  async ({ req, db, clientIp, now }) => {
    const limiter = rateLimiters().leakReport;
    const key = rateLimitKeyOf(clientIp);
    // Every report counts, on every instance; the one past the limit is refused.
    const { retryAfterSeconds: retryAfter } = await limiter.recordFailure(key, now);
    if (retryAfter > 0) {
      throw new AppError(
        "rate_limited",
        "Too many leak reports from this address; try again later.",
        undefined,
        retryAfter,
      );
    }
    let body: string;
    try {
      body = await req.text();
    } catch {
      throw new AppError("bad_request", "The request body could not be read.");
    }
    const credentials = parseLeakReport(body);
    await revokeReportedTokens(db, credentials, { clientIp, at: now });
    return json({ received: credentials.length }, 202);
  },
  { readsBody: true },
);

export const GET = methodNotAllowed("POST");
