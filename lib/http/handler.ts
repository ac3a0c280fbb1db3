import { NextResponse } from "next/server";
import type { z } from "zod";
import { assertPermission } from "../auth/check";
import type { Permission } from "../auth/permissions";
import { AppError, publicError } from "../control/errors";
import type { UserDto } from "../control/users";

/** The body of every refused or failed route call. */
export interface ErrorBody {
  error: { code: string; message: string };
}

/**
 * One error model: an AppError becomes `{ error: { code, message } }` with its HTTP status;
 * anything else (and an INTERNAL AppError) a logged 500 without internals.
 */
export function errorResponse(e: unknown): NextResponse<ErrorBody> {
  const p = publicError(e);
  if (p.internal) console.error(e);
  return NextResponse.json({ error: { code: p.code, message: p.message } }, { status: p.status });
}

/** The largest request body a route reads (the biggest legitimate one, 5,000 trigger ids, is ~60 KB). */
export const MAX_BODY_BYTES = 256 * 1024;

/** A request's body as text, refused with 413 past `limit` bytes (declared or actually sent). */
export async function readBodyText(req: Request, limit = MAX_BODY_BYTES): Promise<string> {
  const tooLarge = () => new AppError("TOO_LARGE", `the request body is larger than ${limit} bytes`);
  const declared = Number(req.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge();
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Parse a JSON body (at most MAX_BODY_BYTES) with a zod schema; the message names the field. */
export async function parseBody<T>(req: Request, schema: z.ZodType<T>): Promise<T> {
  const text = await readBodyText(req);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError("INVALID", "the request body must be JSON");
  }
  return validated(schema, body, "body");
}

/** Parse a request's query string with a zod schema; the message names the parameter. */
export function parseQuery<T>(req: Request, schema: z.ZodType<T>): T {
  return validated(schema, Object.fromEntries(new URL(req.url).searchParams), "query");
}

function validated<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value);
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new AppError("INVALID", `${i.path.join(".") || what}: ${i.message}`);
  }
  return r.data;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The origins the console answers on: NEXTAUTH_URL's, and the one the request was addressed to. */
function ownOrigins(req: Request): Set<string> {
  const out = new Set<string>([new URL(req.url).origin]);
  const host = req.headers.get("host");
  if (host) out.add(`${new URL(req.url).protocol}//${host}`);
  if (process.env.NEXTAUTH_URL) {
    try {
      out.add(new URL(process.env.NEXTAUTH_URL).origin);
    } catch {
      /* an invalid NEXTAUTH_URL adds nothing */
    }
  }
  return out;
}

/**
 * CSRF guard for state-changing routes: the body must be declared JSON (a cross-origin page
 * can only send text/plain, form or multipart bodies without a CORS preflight, which we never
 * grant), and a browser's Origin / Sec-Fetch-Site must say the request comes from the console
 * itself. Scripts (curl, the CLI) send neither header and are judged by their session alone.
 */
export function assertSameOriginJson(req: Request): void {
  if (SAFE_METHODS.has(req.method.toUpperCase())) return;
  const site = req.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none")
    throw new AppError("FORBIDDEN", `refused: a ${site} request may not change state (Sec-Fetch-Site: ${site})`);
  const origin = req.headers.get("origin");
  if (origin !== null && !ownOrigins(req).has(origin))
    throw new AppError("FORBIDDEN", `refused: requests from ${origin} may not change state here`);
  const type = (req.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/json") throw new AppError("FORBIDDEN", `refused: the request body must be sent as application/json (got ${type || "no Content-Type"})`);
}

export type RouteContext = { params: Promise<Record<string, string>> };

/**
 * `guarded(permission, fn)`: a route handler whose first lines check, on the server, that a
 * state-changing request comes from the console (assertSameOriginJson) and that the user holds
 * the permission; fn's result is the JSON answer, a thrown error goes through errorResponse.
 * `resolveUser` is injected so handlers can be unit-tested without a request; lib/http/route.ts
 * binds it to the session.
 */
export function createGuarded(resolveUser: () => Promise<UserDto | null>) {
  return (permission: Permission, fn: (user: UserDto, req: Request, ctx: RouteContext) => Promise<unknown>) =>
    async (req: Request, ctx: RouteContext) => {
      try {
        assertSameOriginJson(req);
        const user = assertPermission(await resolveUser(), permission);
        return NextResponse.json(await fn(user, req, ctx));
      } catch (e) {
        return errorResponse(e);
      }
    };
}
