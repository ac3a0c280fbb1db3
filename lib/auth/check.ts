import { AppError } from "../control/errors";
import type { UserDto } from "../control/users";
import { can, minimumRole, type Permission } from "./permissions";

/**
 * The one check behind every route handler and server action: a user, active, whose role holds
 * the permission. Refused with UNAUTHORIZED (no session) or FORBIDDEN (the role).
 */
export function assertPermission(user: UserDto | null, permission: Permission): UserDto {
  if (!user || user.disabled) throw new AppError("UNAUTHORIZED", "sign in first");
  if (!can(user.role, permission)) throw new AppError("FORBIDDEN", `your role (${user.role}) may not ${permission}: that needs ${minimumRole(permission)}`);
  return user;
}
