import { describe, expect, it } from "vitest";
import { can, minimumRole, PERMISSIONS, permissionsOf, ROLES, type Permission } from "../../lib/auth/permissions";

describe("permissions map", () => {
  const every = [...PERMISSIONS.analyst, ...PERMISSIONS.steward, ...PERMISSIONS.admin] as Permission[];

  it("gives each permission to its role and every role above it, never below", () => {
    const expected: Record<string, (typeof ROLES)[number]> = {
      "failures.read": "analyst", "stores.read": "analyst", "triggers.read": "analyst", "runs.read": "analyst", "versions.read": "analyst",
      "triggers.create": "steward", "triggers.approve": "steward", "decisions.write": "steward", "versions.candidates.read": "steward", "runs.launch.targeted": "steward",
      "runs.cancel": "steward", "scan.run": "steward",
      "runs.launch.full": "admin", "versions.promote": "admin", "users.manage": "admin", "settings.write": "admin", "audit.read": "admin", "raw.ingest": "admin",
    };
    expect(new Set(every)).toEqual(new Set(Object.keys(expected)));
    for (const p of every) {
      const min = expected[p]!;
      expect(minimumRole(p)).toBe(min);
      for (const r of ROLES) expect(can(r, p)).toBe(ROLES.indexOf(r) >= ROLES.indexOf(min));
    }
  });

  it("matches the architecture's table: analysts read, stewards heal, admins refresh, promote and manage", () => {
    expect(can("analyst", "triggers.approve")).toBe(false);
    expect(can("steward", "runs.launch.targeted")).toBe(true);
    expect(can("steward", "runs.launch.full")).toBe(false);
    expect(can("steward", "versions.promote")).toBe(false);
    expect(can("admin", "audit.read")).toBe(true);
    expect(permissionsOf("admin")).toHaveLength(every.length);
    expect(permissionsOf("analyst")).toEqual([...PERMISSIONS.analyst].sort());
  });
});
