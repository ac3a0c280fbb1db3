import { createSafeActionClient } from "next-safe-action";
import { z } from "zod";
import { assertPermission } from "../auth/check";
import { ALL_PERMISSIONS } from "../auth/permissions";
import { publicError, SERVER_ERROR } from "../control/errors";
import type { UserDto } from "../control/users";

export { SERVER_ERROR };

/** Each action names itself (for logs) and the one permission it needs. */
export const ActionMetadata = z.object({ actionName: z.string().min(1), permission: z.enum(ALL_PERMISSIONS) });

/**
 * The shared action client: it loads the user (role re-read from the control plane), checks
 * the action's permission before looking at the input, validates the input with the action's
 * zod schema, and turns typed errors into safe messages. `resolveUser` is injected so the
 * client can be unit-tested without a request; lib/actions/client.ts binds it to the session.
 */
export function createActionClient(resolveUser: () => Promise<UserDto | null>, log: (...args: unknown[]) => void = console.error) {
  return createSafeActionClient({
    defineMetadataSchema: () => ActionMetadata,
    handleServerError: (e, { metadata }) => {
      // The same rule as routes (publicError): an AppError's message, else a generic one, logged.
      const p = publicError(e);
      if (p.internal) log(`action ${metadata?.actionName ?? "?"} failed:`, e);
      return p.message;
    },
  }).use(async ({ next, metadata }) => {
    const user = assertPermission(await resolveUser(), metadata.permission);
    return next({ ctx: { user } });
  });
}
