import { AppError } from "../control/errors";
import type { UserDto } from "../control/users";
import { can, minimumRole, type Permission } from "./permissions";

/** Refused for want of a session (401) or of a permission (403). */
export class AuthError extends AppError {
  constructor(readonly status: 401 | 403, message: string) {
    super("FORBIDDEN", message);
    this.name = "AuthError";
  }
}

/** The one check behind every route handler and server action: a user, active, whose role holds the permission. */
export function assertPermission(user: UserDto | null, permission: Permission): UserDto {
  if (!user || user.disabled) throw new AuthError(401, "sign in first");
  if (!can(user.role, permission)) throw new AuthError(403, `your role (${user.role}) may not ${permission}: that needs ${minimumRole(permission)}`);
  return user;
}
