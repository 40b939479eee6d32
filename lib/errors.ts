/** Named errors the domain throws; the API wrapper and the form actions turn them into responses. */
export type AppErrorCode =
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "rate_limited"
  /** The server is too busy to take this request now (password checks queued up); retry shortly. */
  | "unavailable";

const STATUS: Record<AppErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  // SonarQube answers a duplicate token name with 400; so do we.
  conflict: 400,
  rate_limited: 429,
  unavailable: 503,
};

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: AppErrorCode,
    message: string,
    /** The form field the message belongs to, if any. */
    readonly field?: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "AppError";
    this.status = STATUS[code];
  }
}

export const insufficientPrivileges = (field?: string) => new AppError("forbidden", "Insufficient privileges", field);

/** Whether a Postgres error of this SQLSTATE is in the chain, whichever driver raised it and however drizzle wrapped it. */
function hasSqlState(error: unknown, code: string): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    if (typeof e === "object" && "code" in e && (e as { code: unknown }).code === code) return true;
    e = typeof e === "object" && "cause" in e ? (e as { cause: unknown }).cause : undefined;
  }
  return false;
}

/** Unique violation (23505): a duplicate name, login or key, also when two requests race. */
export const isUniqueViolation = (error: unknown) => hasSqlState(error, "23505");

/** Foreign key violation (23503): the user or project a row points to was deleted meanwhile. */
export const isForeignKeyViolation = (error: unknown) => hasSqlState(error, "23503");

/**
 * Runs a write and names what the database refused: a duplicate name, login or key (the unique index
 * decides, also when two requests race) answers `duplicate`; a user or project deleted meanwhile
 * (a foreign key) answers `gone`. Anything else is unexpected and goes on up.
 */
export async function refusalsOf<T>(
  write: Promise<T>,
  answers: { duplicate?: () => AppError; gone?: () => AppError },
): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (answers.duplicate && isUniqueViolation(error)) throw answers.duplicate();
    if (answers.gone && isForeignKeyViolation(error)) throw answers.gone();
    throw error;
  }
}

/** Runs an insert; if what it points to was deleted meanwhile, answers `gone` instead of a 500. */
export const unlessDeletedMeanwhile = <T>(insert: Promise<T>, gone: () => AppError): Promise<T> =>
  refusalsOf(insert, { gone });
