/** Each error code and the HTTP status a route answers it with. */
export const ERROR_STATUS = {
  INVALID: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_LARGE: 413,
  TOO_MANY_REQUESTS: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/**
 * What to do next, named in the domain's words (never a CLI flag or a page): each interface
 * turns it into its own hint (the CLI prints the command, see lib/cli/hints.ts).
 */
export type Remedy = "ingest" | "build" | "full-refresh" | "promote" | "list-versions";

/**
 * The one error type: a refused or failed operation with a code (its HTTP status follows) and
 * a message that says what was wrong and what to do. INTERNAL messages are for the operator
 * (the CLI prints them, routes and actions log them and show a generic message instead).
 */
export class AppError extends Error {
  readonly status: number;
  readonly remedy: Remedy | undefined;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options: { remedy?: Remedy; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "AppError";
    this.status = ERROR_STATUS[code];
    this.remedy = options.remedy;
  }
}

/** What the browser sees when something unexpected breaks: never the internals. */
export const SERVER_ERROR = "something went wrong on the server; the details are in its log";

/** An error whose message users may read (pages, routes, actions): an AppError, INTERNAL ones excepted. */
export function isUserFacing(e: unknown): e is AppError {
  return e instanceof AppError && e.code !== "INTERNAL";
}

/**
 * The code, status and message an error may show outside the server: a user-facing AppError's
 * own, anything else a generic 500. `internal` says the caller must log it.
 */
export function publicError(e: unknown): { code: ErrorCode; status: number; message: string; internal: boolean } {
  if (isUserFacing(e)) return { code: e.code, status: e.status, message: e.message, internal: false };
  return { code: "INTERNAL", status: 500, message: SERVER_ERROR, internal: true };
}
