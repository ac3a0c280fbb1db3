import bcrypt from "bcryptjs";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { isRole, ROLES, type Role } from "../auth/permissions";
import { audit } from "./audit";
import type { Db } from "./db";
import { AppError } from "./errors";
import { zText } from "../text";

export interface UserDto {
  id: number;
  email: string;
  name: string | null;
  role: Role;
  disabled: boolean;
  createdAt: string;
}

type UserRow = { id: number; email: string; name: string | null; role: string; disabled: boolean; createdAt: Date; passwordHash: string | null };

export const toUserDto = (u: Omit<UserRow, "passwordHash">): UserDto => toDto(u);

const toDto = (u: Omit<UserRow, "passwordHash">): UserDto => ({
  id: u.id, email: u.email, name: u.name, role: u.role as Role, disabled: u.disabled, createdAt: u.createdAt.toISOString(),
});

const NewUser = z.object({
  email: z.string().trim().toLowerCase().email("is not an email address"),
  role: z.string().refine(isRole, { message: `must be one of ${ROLES.join(", ")}` }),
  name: zText(100).optional(),
  password: z.string().min(12, "must be at least 12 characters").max(200, "must be at most 200 characters").optional(),
});

/** Add a local user; returns the password (generated when none is given). Never stores it in clear. */
export async function addUser(db: Db, input: { email: string; role: string; name?: string; password?: string }, actor: string): Promise<{ user: UserDto; password: string }> {
  const parsed = NewUser.safeParse(input);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new AppError("INVALID", `--${String(i.path[0])} ${i.message}`);
  }
  const { email, role, name } = parsed.data;
  const password = parsed.data.password ?? newPassword();
  const passwordHash = await hashOf(password);
  const user = await db.$transaction(async (tx) => {
    if (await tx.user.findUnique({ where: { email } })) throw new AppError("CONFLICT", `a user with email ${email} already exists`);
    const u = await tx.user.create({ data: { email, role, name, passwordHash } });
    await audit(tx, { actor, action: "users.add", entity: "User", entityId: email, after: { email, role, name: name ?? null } });
    return u;
  });
  return { user: toDto(user), password };
}

export async function listUsers(db: Db): Promise<UserDto[]> {
  return (await db.user.findMany({ orderBy: { email: "asc" } })).map(toDto);
}

/** Disable a user (they can no longer sign in or act); the last active admin cannot be disabled. */
export async function disableUser(db: Db, email: string, actor: string): Promise<UserDto> {
  const key = email.trim().toLowerCase();
  return db.$transaction(async (tx) => {
    const u = await tx.user.findUnique({ where: { email: key } });
    if (!u) throw new AppError("NOT_FOUND", `no user with email ${key}`);
    if (u.disabled) return toDto(u);
    if (u.role === "admin" && (await tx.user.count({ where: { role: "admin", disabled: false } })) === 1)
      throw new AppError("CONFLICT", `${key} is the last active admin: add another admin first`);
    // Its sessions end now, and its password with it: re-enabling sets a new one.
    const updated = await tx.user.update({ where: { id: u.id }, data: { disabled: true, passwordHash: null, sessionVersion: { increment: 1 } } });
    await audit(tx, { actor, action: "users.disable", entity: "User", entityId: key, before: { disabled: false }, after: { disabled: true, sessionsRevoked: true } });
    return toDto(updated);
  });
}

/** Change a user's role; the last active admin keeps theirs. */
export async function setUserRole(db: Db, email: string, role: string, actor: string): Promise<UserDto> {
  const key = email.trim().toLowerCase();
  if (!isRole(role)) throw new AppError("INVALID", `role must be one of ${ROLES.join(", ")}`);
  return db.$transaction(async (tx) => {
    const u = await tx.user.findUnique({ where: { email: key } });
    if (!u) throw new AppError("NOT_FOUND", `no user with email ${key}`);
    if (u.role === role) return toDto(u);
    if (u.role === "admin" && !u.disabled && (await tx.user.count({ where: { role: "admin", disabled: false } })) === 1)
      throw new AppError("CONFLICT", `${key} is the last active admin: make another user admin first`);
    const updated = await tx.user.update({ where: { id: u.id }, data: { role, sessionVersion: { increment: 1 } } });
    await audit(tx, { actor, action: "users.role", entity: "User", entityId: key, before: { role: u.role }, after: { role, sessionsRevoked: true } });
    return toDto(updated);
  });
}

const newPassword = () => randomBytes(12).toString("base64url");
const hashOf = (password: string) => bcrypt.hash(password, 10);

/**
 * Let a disabled user sign in again, with a new generated password (returned once): the
 * password they had before being disabled never comes back. null when they were not disabled.
 */
export async function enableUser(db: Db, email: string, actor: string): Promise<{ user: UserDto; password: string | null }> {
  const key = email.trim().toLowerCase();
  const password = newPassword();
  const passwordHash = await hashOf(password);
  return db.$transaction(async (tx) => {
    const u = await tx.user.findUnique({ where: { email: key } });
    if (!u) throw new AppError("NOT_FOUND", `no user with email ${key}`);
    if (!u.disabled) return { user: toDto(u), password: null };
    const updated = await tx.user.update({ where: { id: u.id }, data: { disabled: false, passwordHash, sessionVersion: { increment: 1 } } });
    await audit(tx, { actor, action: "users.enable", entity: "User", entityId: key, before: { disabled: true }, after: { disabled: false, passwordReset: true } });
    return { user: toDto(updated), password };
  });
}

/** An admin sets a new generated password for a user (returned once); their sessions end. */
export async function resetPassword(db: Db, email: string, actor: string): Promise<{ user: UserDto; password: string }> {
  const key = email.trim().toLowerCase();
  const password = newPassword();
  const passwordHash = await hashOf(password);
  return db.$transaction(async (tx) => {
    const u = await tx.user.findUnique({ where: { email: key } });
    if (!u) throw new AppError("NOT_FOUND", `no user with email ${key}`);
    if (u.disabled) throw new AppError("CONFLICT", `${key} is disabled: enable them (which sets a new password) instead`);
    const updated = await tx.user.update({ where: { id: u.id }, data: { passwordHash, sessionVersion: { increment: 1 } } });
    await audit(tx, { actor, action: "users.password.reset", entity: "User", entityId: key, after: { sessionsRevoked: true } });
    return { user: toDto(updated), password };
  });
}

export const NewPassword = z.string().min(12, "must be at least 12 characters").max(200, "must be at most 200 characters");

/** The signed-in user changes their own password (the current one is checked); every session of theirs ends. */
export async function changePassword(db: Db, email: string, current: string, next: string): Promise<void> {
  const key = email.trim().toLowerCase();
  const parsed = NewPassword.safeParse(next);
  if (!parsed.success) throw new AppError("INVALID", `new password ${parsed.error.issues[0]!.message}`);
  if (next === current) throw new AppError("INVALID", "new password must differ from the current one");
  const u = await db.user.findUnique({ where: { email: key } });
  if (!u || u.disabled || !u.passwordHash || !(await bcrypt.compare(current, u.passwordHash)))
    throw new AppError("INVALID", "current password is not right");
  const passwordHash = await hashOf(next);
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: u.id }, data: { passwordHash, sessionVersion: { increment: 1 } } });
    await audit(tx, { actor: key, action: "users.password.change", entity: "User", entityId: key, after: { sessionsRevoked: true } });
  });
}

/** End every session of a user (sign-out): tokens carrying an older session version are refused. */
export async function revokeSessions(db: Db, email: string, actor: string, why: string): Promise<void> {
  const key = email.trim().toLowerCase();
  await db.$transaction(async (tx) => {
    const u = await tx.user.findUnique({ where: { email: key } });
    if (!u) return;
    await tx.user.update({ where: { id: u.id }, data: { sessionVersion: { increment: 1 } } });
    await audit(tx, { actor, action: "auth.sessions.revoke", entity: "User", entityId: key, after: { why } });
  });
}

/** The session version of an active user (stamped into their session token at sign-in), or null. */
export async function sessionVersionOf(db: Db, email: string): Promise<number | null> {
  const u = await db.user.findUnique({ where: { email: email.trim().toLowerCase() }, select: { sessionVersion: true, disabled: true } });
  return u && !u.disabled ? u.sessionVersion : null;
}

/** The active user behind a session token, only while the token's session version is current. */
export async function sessionUser(db: Db, email: string, version: unknown): Promise<UserDto | null> {
  const u = await db.user.findUnique({ where: { email: email.trim().toLowerCase() } });
  return u && !u.disabled && typeof version === "number" && u.sessionVersion === version ? toDto(u) : null;
}

/** The active user with these credentials, or null. */
export async function verifyPassword(db: Db, email: string, password: string): Promise<UserDto | null> {
  const u = await db.user.findUnique({ where: { email: email.trim().toLowerCase() } });
  if (!u || u.disabled || !u.passwordHash) return null;
  return (await bcrypt.compare(password, u.passwordHash)) ? toDto(u) : null;
}

/** The stored row of an active user (with the hash: never return it past the domain layer). */
export async function activeUserRow(db: Db, email: string): Promise<UserRow | null> {
  const u = await db.user.findUnique({ where: { email: email.trim().toLowerCase() } });
  return u && !u.disabled ? u : null;
}

/** The role of an active user, read from the control plane (never from the client). */
export async function activeUser(db: Db, email: string): Promise<UserDto | null> {
  const u = await db.user.findUnique({ where: { email: email.trim().toLowerCase() } });
  return u && !u.disabled ? toDto(u) : null;
}
