import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeControl, control } from "../../lib/control/db";
import { verifyPassword } from "../../lib/control/users";
import { cli, cliOk, tempDir, workspaceConfig } from "../helpers";

describe("users and the permissions they carry on the CLI", () => {
  const dir = tempDir();
  const env = { STOREMATCH_DATA_DIR: join(dir, "data") };
  const config = workspaceConfig(env.STOREMATCH_DATA_DIR);
  const db = () => control(config);
  const pw: Record<string, string> = {};

  beforeAll(() => {
    for (const role of ["analyst", "steward", "admin"]) {
      const out = cliOk(["users", "add", "--email", `${role}@test.local`, "--role", role], env).stdout;
      pw[role] = /password: (\S+)/.exec(out)![1]!;
    }
    cliOk(["generate", "--stores", "300", "--seed", "2", "--out", join(dir, "in")], env);
    cliOk(["ingest", "--gi", join(dir, "in", "gi.csv"), "--th", join(dir, "in", "th.csv"), "--as", "admin@test.local"], env);
  });
  afterAll(() => closeControl());

  it("stores only a bcrypt hash, and checks passwords", async () => {
    const u = await db().user.findUniqueOrThrow({ where: { email: "steward@test.local" } });
    expect(u.passwordHash).toMatch(/^\$2[aby]\$10\$/);
    expect(u.passwordHash).not.toContain(pw.steward);
    expect(await verifyPassword(db(), "steward@test.local", pw.steward!)).toMatchObject({ role: "steward" });
    expect(await verifyPassword(db(), "steward@test.local", "wrong password!")).toBeNull();
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "users.add", entityId: "steward@test.local" } });
    expect(JSON.stringify(audit.after)).not.toContain(pw.steward);
  });

  it("refuses bad input with a message naming the field", () => {
    expect(cli(["users", "add", "--email", "nope", "--role", "analyst"], env).stderr.trim()).toBe("storematch: --email is not an email address");
    expect(cli(["users", "add", "--email", "x@test.local", "--role", "boss"], env).stderr.trim()).toBe("storematch: --role must be one of analyst, steward, admin");
    expect(cli(["users", "add", "--email", "ADMIN@test.local", "--role", "admin"], env).stderr.trim()).toBe("storematch: a user with email admin@test.local already exists");
  });

  it("a registered user acts with their role: allowed or refused, checked before anything changes", async () => {
    cliOk(["triggers", "add", "--source", "gi", "--store", "GI0000001", "--reason", "check", "--as", "steward@test.local"], env);
    const analyst = cli(["triggers", "approve", "--all-pending", "--as", "analyst@test.local"], env);
    expect(analyst.code).toBe(1);
    expect(analyst.stderr.trim()).toBe("storematch: analyst@test.local (analyst) may not triggers.approve: that needs the steward role");
    expect(await db().trigger.count({ where: { status: "PENDING" } })).toBe(1);
    cliOk(["triggers", "approve", "--all-pending", "--as", "steward@test.local"], env);
    const full = cli(["run", "--full-refresh", "--as", "steward@test.local"], env);
    expect(full.stderr.trim()).toBe("storematch: steward@test.local (steward) may not runs.launch.full: that needs the admin role");
    expect(await db().run.count()).toBe(0);
    const promote = cli(["versions", "promote", "v1", "--as", "steward@test.local"], env);
    expect(promote.stderr.trim()).toBe("storematch: steward@test.local (steward) may not versions.promote: that needs the admin role");
    const users = cli(["users", "add", "--email", "y@test.local", "--role", "admin", "--as", "steward@test.local"], env);
    expect(users.stderr.trim()).toBe("storematch: steward@test.local (steward) may not users.manage: that needs the admin role");
  });

  it("disables users, never the last admin; a disabled user can do nothing", () => {
    expect(cli(["users", "disable", "--email", "admin@test.local", "--as", "admin@test.local"], env).stderr.trim())
      .toBe("storematch: admin@test.local is the last active admin: add another admin first");
    cliOk(["users", "disable", "--email", "steward@test.local", "--as", "admin@test.local"], env);
    const r = cli(["scan", "--as", "steward@test.local"], env);
    expect(r.stderr.trim()).toBe("storematch: steward@test.local is disabled");
    const list = JSON.parse(cliOk(["users", "list", "--json"], env).stdout) as { email: string; disabled: boolean }[];
    expect(list.find((u) => u.email === "steward@test.local")!.disabled).toBe(true);
  });

  it("changes roles and re-enables users, never leaving no active admin; each change audited with before and after", async () => {
    expect(cli(["users", "set-role", "--email", "admin@test.local", "--role", "steward", "--as", "admin@test.local"], env).stderr.trim())
      .toBe("storematch: admin@test.local is the last active admin: make another user admin first");
    expect(cli(["users", "set-role", "--email", "analyst@test.local", "--role", "boss"], env).stderr.trim())
      .toBe("storematch: role must be one of analyst, steward, admin");
    expect(cliOk(["users", "set-role", "--email", "analyst@test.local", "--role", "admin", "--as", "admin@test.local"], env).stdout.trim()).toBe("analyst@test.local is admin");
    // With a second admin, the first may step down.
    cliOk(["users", "set-role", "--email", "admin@test.local", "--role", "steward", "--as", "analyst@test.local"], env);
    // Re-enabling sets a new password (printed once): the one they had before never comes back.
    expect(cliOk(["users", "enable", "--email", "steward@test.local", "--as", "analyst@test.local"], env).stdout.trim()).toMatch(/^steward@test\.local is active, password: \S{12,}$/);
    expect(await verifyPassword(db(), "steward@test.local", pw.steward!)).toBeNull();
    cliOk(["triggers", "add", "--source", "gi", "--store", "GI0000002", "--reason", "enabled again", "--as", "steward@test.local"], env); // acts with their role again
    const events = await db().auditEvent.findMany({ where: { action: { in: ["users.role", "users.enable"] } }, orderBy: { id: "asc" } });
    expect(events.map((e) => [e.action, e.entityId, e.before, e.after])).toEqual([
      ["users.role", "analyst@test.local", { role: "analyst" }, { role: "admin", sessionsRevoked: true }],
      ["users.role", "admin@test.local", { role: "admin" }, { role: "steward", sessionsRevoked: true }],
      ["users.enable", "steward@test.local", { disabled: true }, { disabled: false, passwordReset: true }],
    ]);
  });
});
