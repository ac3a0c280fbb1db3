import "server-only";
import { currentUser } from "../auth/session";
import { createActionClient } from "./safe-action";

/** Every server action is built on this client (see safe-action.ts). */
export const actionClient = createActionClient(currentUser);
