import "server-only";
import { getServerSession } from "next-auth";
import { cache } from "react";
import { loadConfig } from "../config";
import { control } from "../control/db";
import { activeUser, type UserDto } from "../control/users";
import { authOptions } from "./options";
import { assertPermission, AuthError } from "./check";
import type { Permission } from "./permissions";

export { AuthError };

/**
 * The signed-in user with their role re-read from the control plane (never from the client).
 * Cached per request: the layout and the page share one lookup.
 */
export const currentUser = cache(async (): Promise<UserDto | null> => {
  const session = await getServerSession(authOptions());
  const email = session?.user?.email;
  if (!email) return null;
  return activeUser(control(loadConfig()), email);
});

/** First line of every action and route handler. */
export async function requirePermission(permission: Permission): Promise<UserDto> {
  return assertPermission(await currentUser(), permission);
}
