/** A refused operation with a message that says what was wrong and what to do. */
export class AppError extends Error {
  constructor(
    readonly code: "NOT_FOUND" | "INVALID" | "CONFLICT" | "FORBIDDEN" | "TOO_LARGE",
    message: string,
  ) {
    super(message);
    this.name = "AppError";
  }
}
