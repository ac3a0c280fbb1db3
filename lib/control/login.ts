import bcrypt from "bcryptjs";
import { randomBytes } from "node:crypto";
import { audit } from "./audit";
import { AppError } from "./errors";
import type { Db } from "./db";
import type { UserDto } from "./users";
import { activeUserRow, toUserDto } from "./users";

/**
 * Sign-in throttling, kept in the control plane so every console instance sees the same
 * counts. A key (an account, or a client address) that failed FREE_FAILURES times within
 * WINDOW_MS is locked, for BASE_LOCK_MS doubling with each further failure, up to MAX_LOCK_MS.
 */
export const THROTTLE = {
  account: { freeFailures: 5 },
  ip: { freeFailures: 20 },
  windowMs: 15 * 60_000,
  baseLockMs: 30_000,
  maxLockMs: 15 * 60_000,
};

/** Sign-ins refused for a while (TOO_MANY_REQUESTS). */
export class LoginLocked extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super("TOO_MANY_REQUESTS", `Too many failed sign-ins: try again in ${retryAfterSeconds} s.`);
    this.name = "LoginLocked";
  }
}

/** A hash nobody's password matches, checked when the email is unknown so both cases cost one bcrypt. */
let dummyHash: string | null = null;
const dummy = () => (dummyHash ??= bcrypt.hashSync(randomBytes(18).toString("base64url"), 10));

const keysOf = (email: string, ip: string | null) => [
  { key: `account:${email}`, free: THROTTLE.account.freeFailures },
  ...(ip ? [{ key: `ip:${ip}`, free: THROTTLE.ip.freeFailures }] : []),
];

/** Milliseconds a key stays locked after `failures` failures in the window. */
export function lockMs(failures: number, free: number): number {
  if (failures < free) return 0;
  return Math.min(THROTTLE.baseLockMs * 2 ** (failures - free), THROTTLE.maxLockMs);
}

/**
 * Check a sign-in: the active user with these credentials, or null. Refused with LoginLocked
 * while the account or the address is locked (the password is not even looked at). bcrypt runs
 * whether or not the email exists, so timing does not tell which accounts exist. Every failure
 * is counted and audited.
 */
export async function attemptLogin(db: Db, input: { email: string; password: string; ip?: string | null }, now = Date.now()): Promise<UserDto | null> {
  const email = input.email.normalize("NFC").trim().toLowerCase().slice(0, 200);
  const ip = input.ip ? input.ip.slice(0, 100) : null;
  const keys = keysOf(email, ip);
  const rows = await db.loginThrottle.findMany({ where: { key: { in: keys.map((k) => k.key) } } });
  const lockedUntil = Math.max(0, ...rows.map((r) => r.lockedUntilMs));
  if (lockedUntil > now) {
    await db.$transaction((tx) => audit(tx, { actor: email, action: "auth.login.failed", entity: "User", entityId: email, after: { ip, why: "locked", lockedUntil: new Date(lockedUntil).toISOString() } }));
    throw new LoginLocked(Math.ceil((lockedUntil - now) / 1000));
  }
  const row = await activeUserRow(db, email);
  const ok = await bcrypt.compare(input.password, row?.passwordHash ?? dummy());
  if (row && row.passwordHash && ok) {
    await db.loginThrottle.deleteMany({ where: { key: `account:${email}` } });
    return toUserDto(row);
  }
  await db.$transaction(async (tx) => {
    for (const k of keys) {
      const cur = await tx.loginThrottle.findUnique({ where: { key: k.key } });
      const failures = cur && now - cur.lastFailureMs <= THROTTLE.windowMs ? cur.failures + 1 : 1;
      const lock = lockMs(failures, k.free);
      const data = { failures, lastFailureMs: now, lockedUntilMs: lock ? now + lock : 0 };
      await tx.loginThrottle.upsert({ where: { key: k.key }, create: { key: k.key, ...data }, update: data });
    }
    await audit(tx, { actor: email, action: "auth.login.failed", entity: "User", entityId: email, after: { ip, why: row ? "wrong password" : "unknown or disabled account" } });
  });
  return null;
}
