import "server-only";
import { currentUser } from "../auth/session";
import { createGuarded } from "./handler";

export { assertSameOriginJson, errorResponse, MAX_BODY_BYTES, parseBody, parseQuery, readBodyText, type ErrorBody, type RouteContext } from "./handler";

/** Every route handler is built on this (see createGuarded in handler.ts): origin, then permission, then fn. */
export const guarded = createGuarded(currentUser);
