import { can, type Role } from "../auth/permissions";
import type { Config } from "../config";
import { AppError } from "../control/errors";
import { resolveVersion } from "./registry";

/**
 * The one rule for which versions a role may read, on every page and route: analysts read
 * versions that were promoted (the current one or an earlier one), stewards and admins also
 * read candidates (to review them before promoting). Returns the resolved version id.
 */
export async function readableVersionId(config: Config, role: Role, spec = "promoted"): Promise<string> {
  const v = await resolveVersion(config, spec);
  if (v.promotedAt === null && !can(role, "versions.read.candidates"))
    throw new AppError("FORBIDDEN", `version ${v.id} was never promoted: your role (${role}) reads promoted versions only`);
  return v.id;
}
