import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeControl, control } from "../../lib/control/db";
import { attemptLogin, LoginLocked, THROTTLE } from "../../lib/control/login";
import { addUser } from "../../lib/control/users";
import { tempDir, workspaceConfig } from "../helpers";

describe("sign-in: throttled per account and per address, every failure audited, no account enumeration by timing", () => {
  const config = workspaceConfig(join(tempDir(), "data"));
  const db = () => control(config);
  const pw: Record<string, string> = {};

  beforeAll(async () => {
    for (const who of ["alice", "bob", "carol"]) pw[who] = (await addUser(db(), { email: `${who}@test.local`, role: "analyst" }, "test")).password;
  });
  afterAll(() => closeControl());

  it("locks an account after repeated failures, with a growing backoff, then lets the right password in once it expires", async () => {
    const t0 = 1_000_000_000_000;
    for (let i = 0; i < THROTTLE.account.freeFailures; i++)
      expect(await attemptLogin(db(), { email: "alice@test.local", password: "wrong", ip: `10.0.0.${i}` }, t0 + i)).toBeNull();
    // Locked now: even the right password is refused without being looked at.
    const locked = await attemptLogin(db(), { email: "alice@test.local", password: pw.alice!, ip: "10.9.9.9" }, t0 + 10).catch((e: unknown) => e);
    expect(locked).toBeInstanceOf(LoginLocked);
    expect((locked as LoginLocked).message).toMatch(/^Too many failed sign-ins: try again in 30 s\.$/);
    // After the lock, one more failure doubles it.
    const t1 = t0 + THROTTLE.baseLockMs + 100;
    expect(await attemptLogin(db(), { email: "alice@test.local", password: "wrong", ip: "10.9.9.9" }, t1)).toBeNull();
    const again = await attemptLogin(db(), { email: "alice@test.local", password: pw.alice!, ip: "10.9.9.9" }, t1 + 10).catch((e: unknown) => e);
    expect((again as LoginLocked).retryAfterSeconds).toBe(60);
    // Once it expires the right password works, and the account's count starts over.
    expect(await attemptLogin(db(), { email: "alice@test.local", password: pw.alice!, ip: "10.9.9.9" }, t1 + 2 * THROTTLE.baseLockMs + 100)).toMatchObject({ email: "alice@test.local" });
    expect(await db().loginThrottle.findUnique({ where: { key: "account:alice@test.local" } })).toBeNull();
  });

  it("locks an address that tries many accounts, whatever the accounts", async () => {
    const t0 = 2_000_000_000_000;
    for (let i = 0; i < THROTTLE.ip.freeFailures; i++)
      expect(await attemptLogin(db(), { email: `nobody${i}@test.local`, password: "wrong", ip: "192.0.2.7" }, t0 + i)).toBeNull();
    await expect(attemptLogin(db(), { email: "bob@test.local", password: pw.bob!, ip: "192.0.2.7" }, t0 + 100)).rejects.toBeInstanceOf(LoginLocked);
    // Another address is not affected.
    expect(await attemptLogin(db(), { email: "bob@test.local", password: pw.bob!, ip: "192.0.2.8" }, t0 + 100)).toMatchObject({ email: "bob@test.local" });
  });

  it("writes every failed sign-in to the audit log (wrong password, unknown account, locked)", async () => {
    const before = await db().auditEvent.count({ where: { action: "auth.login.failed" } });
    await attemptLogin(db(), { email: "carol@test.local", password: "wrong", ip: "198.51.100.1" });
    await attemptLogin(db(), { email: "ghost@test.local", password: "wrong", ip: "198.51.100.1" });
    const rows = await db().auditEvent.findMany({ where: { action: "auth.login.failed" }, orderBy: { id: "desc" }, take: 2 });
    expect(await db().auditEvent.count({ where: { action: "auth.login.failed" } })).toBe(before + 2);
    expect(rows.map((r) => r.entityId).sort()).toEqual(["carol@test.local", "ghost@test.local"]);
    expect(rows.every((r) => JSON.stringify(r.after).includes("198.51.100.1"))).toBe(true);
    expect(rows.map((r) => JSON.stringify(r.after)).join()).not.toContain("wrong\""); // never the password tried
  });

  it("costs one bcrypt whether or not the account exists", async () => {
    const time = async (email: string) => {
      const t = performance.now();
      for (let i = 0; i < 3; i++) await attemptLogin(db(), { email, password: "wrong", ip: null });
      return performance.now() - t;
    };
    await time("carol@test.local"); // warm up (the dummy hash is made once)
    await db().loginThrottle.deleteMany();
    const known = await time("carol@test.local");
    await db().loginThrottle.deleteMany();
    const unknown = await time("nobody-at-all@test.local");
    await db().loginThrottle.deleteMany();
    // bcrypt at cost 10 is tens of milliseconds; a lookup alone is well under one.
    expect(unknown).toBeGreaterThan(known * 0.4);
    expect(unknown / 3).toBeGreaterThan(15);
  });
});
