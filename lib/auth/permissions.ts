/**
 * One permissions map drives every check (CLI, server actions, route handlers). Roles are
 * cumulative: a steward can do all an analyst can, an admin all a steward can.
 */
export const ROLES = ["analyst", "steward", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = {
  analyst: [
    "failures.read",
    "stores.read",
    "triggers.read",
    "runs.read",
    "versions.read",
  ],
  steward: [
    "triggers.create",
    "triggers.approve",
    "decisions.write",
    // Candidate (never promoted) versions on the read pages that default to promoted data (/model).
    "versions.candidates.read",
    "runs.launch.targeted",
    "runs.cancel",
    "scan.run",
  ],
  admin: [
    "runs.launch.full",
    "versions.promote",
    "users.manage",
    "settings.write",
    "audit.read",
    "raw.ingest",
  ],
} as const;

export type Permission = (typeof PERMISSIONS)[Role][number];

const ALL: Record<Role, Set<Permission>> = {
  analyst: new Set(PERMISSIONS.analyst),
  steward: new Set([...PERMISSIONS.analyst, ...PERMISSIONS.steward]),
  admin: new Set([...PERMISSIONS.analyst, ...PERMISSIONS.steward, ...PERMISSIONS.admin]),
};

export const isRole = (r: unknown): r is Role => typeof r === "string" && (ROLES as readonly string[]).includes(r);

export function can(role: Role, permission: Permission): boolean {
  return ALL[role].has(permission);
}

/** Every permission of a role (for display and tests). */
export function permissionsOf(role: Role): Permission[] {
  return [...ALL[role]].sort();
}

/** The lowest role holding a permission. */
export function minimumRole(permission: Permission): Role {
  return ROLES.find((r) => can(r, permission))!;
}

/** Every permission, once (for schemas and tests). */
export const ALL_PERMISSIONS = [...PERMISSIONS.analyst, ...PERMISSIONS.steward, ...PERMISSIONS.admin] as [Permission, ...Permission[]];
