import "server-only";
import { getServerSession } from "next-auth";
import { cache } from "react";
import { loadConfig } from "../config";
import { control } from "../control/db";
import { AppError } from "../control/errors";
import { activeUser, type UserDto } from "../control/users";
import { authOptions } from "./options";
import { can, minimumRole, type Permission } from "./permissions";

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

export class AuthError extends AppError {
  constructor(readonly status: 401 | 403, message: string) {
    super("FORBIDDEN", message);
  }
}

/** First line of every action and route handler. */
export async function requirePermission(permission: Permission): Promise<UserDto> {
  const user = await currentUser();
  if (!user) throw new AuthError(401, "sign in first");
  if (!can(user.role, permission)) throw new AuthError(403, `your role (${user.role}) may not ${permission}: that needs ${minimumRole(permission)}`);
  return user;
}
