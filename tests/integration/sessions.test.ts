import { join } from "node:path";
import bcrypt from "bcryptjs";
import { afterAll, describe, expect, it } from "vitest";
import { closeControl, control } from "../../lib/control/db";
import { attemptLogin } from "../../lib/control/login";
import { addUser, changePassword, disableUser, enableUser, resetPassword, revokeSessions, sessionUser, sessionVersionOf, setUserRole } from "../../lib/control/users";
import { tempDir, workspaceConfig } from "../helpers";

describe("sessions end on sign-out, disable, role and password changes; re-enabling never restores a password", () => {
  const config = workspaceConfig(join(tempDir(), "data"));
  const db = () => control(config);
  afterAll(() => closeControl());

  /** A fresh user and the session version a sign-in now would stamp into their token. */
  async function signedIn(email: string, role = "analyst") {
    const { password } = await addUser(db(), { email, role }, "test");
    const sv = (await sessionVersionOf(db(), email))!;
    expect(await sessionUser(db(), email, sv)).toMatchObject({ email });
    return { password, sv };
  }

  it("a token without a session version, or with another one, is no session", async () => {
    const { sv } = await signedIn("plain@test.local");
    expect(await sessionUser(db(), "plain@test.local", undefined)).toBeNull();
    expect(await sessionUser(db(), "plain@test.local", sv + 1)).toBeNull();
  });

  it("sign-out revokes every session of the user", async () => {
    const { sv } = await signedIn("out@test.local");
    await revokeSessions(db(), "out@test.local", "out@test.local", "signed out");
    expect(await sessionUser(db(), "out@test.local", sv)).toBeNull();
    expect(await db().auditEvent.count({ where: { action: "auth.sessions.revoke", entityId: "out@test.local" } })).toBe(1);
  });

  it("a role change revokes the user's sessions", async () => {
    await addUser(db(), { email: "boss@test.local", role: "admin" }, "test");
    const { sv } = await signedIn("promoted@test.local");
    await setUserRole(db(), "promoted@test.local", "steward", "boss@test.local");
    expect(await sessionUser(db(), "promoted@test.local", sv)).toBeNull();
  });

  it("disabling revokes sessions and the password; re-enabling sets a new one, the old one stays dead", async () => {
    const { password, sv } = await signedIn("gone@test.local");
    await disableUser(db(), "gone@test.local", "boss@test.local");
    expect(await sessionUser(db(), "gone@test.local", sv)).toBeNull();
    const r = await enableUser(db(), "gone@test.local", "boss@test.local");
    expect(r.password).toMatch(/^\S{12,}$/);
    expect(r.password).not.toBe(password);
    expect(await sessionUser(db(), "gone@test.local", sv)).toBeNull();
    expect(await attemptLogin(db(), { email: "gone@test.local", password })).toBeNull();
    expect(await attemptLogin(db(), { email: "gone@test.local", password: r.password! })).toMatchObject({ email: "gone@test.local" });
  });

  it("a password change checks the current one, revokes sessions and is audited without the password", async () => {
    const { password, sv } = await signedIn("self@test.local");
    await expect(changePassword(db(), "self@test.local", "not it", "a brand new password")).rejects.toThrow("current password is not right");
    await expect(changePassword(db(), "self@test.local", password, "short")).rejects.toThrow("new password must be at least 12 characters");
    expect(await sessionUser(db(), "self@test.local", sv)).toMatchObject({ email: "self@test.local" });
    await changePassword(db(), "self@test.local", password, "a brand new password");
    expect(await sessionUser(db(), "self@test.local", sv)).toBeNull();
    const row = await db().user.findUniqueOrThrow({ where: { email: "self@test.local" } });
    expect(await bcrypt.compare("a brand new password", row.passwordHash!)).toBe(true);
    const a = await db().auditEvent.findFirstOrThrow({ where: { action: "users.password.change", entityId: "self@test.local" } });
    expect(JSON.stringify([a.before, a.after])).not.toContain("brand new");
  });

  it("an admin reset sets a new password and revokes sessions", async () => {
    const { password, sv } = await signedIn("reset@test.local");
    const r = await resetPassword(db(), "reset@test.local", "boss@test.local");
    expect(await sessionUser(db(), "reset@test.local", sv)).toBeNull();
    expect(await attemptLogin(db(), { email: "reset@test.local", password })).toBeNull();
    expect(await attemptLogin(db(), { email: "reset@test.local", password: r.password })).toMatchObject({ email: "reset@test.local" });
  });
});
