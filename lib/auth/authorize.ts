import type { Db } from "../control/db";
import { AppError } from "../control/errors";
import { activeUser } from "../control/users";
import { can, minimumRole, type Permission } from "./permissions";

/**
 * Check that an actor may do something. A registered user acts with their role, read from
 * the control plane; a disabled one may do nothing. An actor that is not a registered user is
 * the local operator (whoever has the workspace's files) and acts as admin.
 */
export async function authorize(db: Db, actor: string, permission: Permission): Promise<void> {
  const registered = await db.user.findUnique({ where: { email: actor.trim().toLowerCase() } });
  if (!registered) return;
  const user = await activeUser(db, actor);
  if (!user) throw new AppError("FORBIDDEN", `${actor} is disabled`);
  if (!can(user.role, permission))
    throw new AppError("FORBIDDEN", `${actor} (${user.role}) may not ${permission}: that needs the ${minimumRole(permission)} role`);
}
