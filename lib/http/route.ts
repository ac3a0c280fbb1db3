import "server-only";
import { NextResponse } from "next/server";
import type { z } from "zod";
import { requirePermission, AuthError } from "../auth/session";
import type { Permission } from "../auth/permissions";
import { AppError } from "../control/errors";
import type { UserDto } from "../control/users";
import { RunError } from "../runner/dbt";

const STATUS: Record<AppError["code"], number> = { INVALID: 400, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409 };

/** One error model: typed errors become safe messages; anything else is a 500 without internals. */
export function errorResponse(e: unknown): NextResponse {
  if (e instanceof AuthError) return NextResponse.json({ error: e.message }, { status: e.status });
  if (e instanceof AppError) return NextResponse.json({ error: e.message }, { status: STATUS[e.code] });
  if (e instanceof RunError) return NextResponse.json({ error: e.message }, { status: 409 });
  console.error(e);
  return NextResponse.json({ error: "something went wrong on the server; the details are in its log" }, { status: 500 });
}

/** Parse a JSON body with a zod schema; the message names the field. */
export async function parseBody<T>(req: Request, schema: z.ZodType<T>): Promise<T> {
  let body: unknown;
  try {
    body = await req.json();
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

/** A route handler whose first line checks the permission on the server. */
export function guarded(permission: Permission, fn: (user: UserDto, req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<unknown>) {
  return async (req: Request, ctx: { params: Promise<Record<string, string>> }) => {
    try {
      const user = await requirePermission(permission);
      return NextResponse.json(await fn(user, req, ctx));
    } catch (e) {
      return errorResponse(e);
    }
  };
}
