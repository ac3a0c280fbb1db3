/** The shape every action returns (next-safe-action; validation errors nest `_errors` per field). */
export interface ActionResult<T> {
  data?: T;
  serverError?: string;
  validationErrors?: unknown;
}

/** The first validation message with the path of the field it is about ("ids.0: …"). */
function firstIssue(node: unknown, path: string[]): string | null {
  if (!node || typeof node !== "object") return null;
  const errors = (node as { _errors?: unknown })._errors;
  if (Array.isArray(errors) && typeof errors[0] === "string") return path.length ? `${path.join(".")}: ${errors[0]}` : errors[0];
  for (const [key, child] of Object.entries(node)) {
    if (key === "_errors") continue;
    const found = firstIssue(child, [...path, key]);
    if (found) return found;
  }
  return null;
}

/** One readable message for a failed action, naming the field that was wrong; null on success. */
export function actionError(r: ActionResult<unknown> | undefined): string | null {
  if (!r) return "the server did not answer; try again";
  if (r.serverError) return r.serverError;
  if (r.validationErrors) return firstIssue(r.validationErrors, []) ?? "the input was refused";
  return null;
}
