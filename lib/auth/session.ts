import "server-only";
import { getServerSession } from "next-auth";
import { cache } from "react";
import { loadConfig } from "../config";
import { control } from "../control/db";
import { sessionUser, type UserDto } from "../control/users";
import { authOptions } from "./options";
import { assertPermission } from "./check";
import type { Permission } from "./permissions";

/**
 * The signed-in user with their role re-read from the control plane (never from the client),
 * while their session is current: a token from before a sign-out, disable, role or password
 * change carries an older session version and counts as no session. Cached per request.
 */
export const currentUser = cache(async (): Promise<UserDto | null> => {
  const session = (await getServerSession(authOptions())) as ({ user?: { email?: string | null }; sv?: unknown } | null);
  const email = session?.user?.email;
  if (!email) return null;
  return sessionUser(control(loadConfig()), email, session.sv);
});

/** First line of every action and route handler. */
export async function requirePermission(permission: Permission): Promise<UserDto> {
  return assertPermission(await currentUser(), permission);
}
