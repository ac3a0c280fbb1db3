import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { AppError, SERVER_ERROR } from "../../lib/control/errors";
import type { UserDto } from "../../lib/control/users";
import { createGuarded, parseBody } from "../../lib/http/handler";

const user = (role: UserDto["role"]): UserDto => ({ id: 1, email: `${role}@t`, name: null, role, disabled: false, createdAt: "2026-01-01T00:00:00.000Z" });
const ctx = { params: Promise.resolve({}) };
const post = (body: unknown) =>
  new Request("http://127.0.0.1/api/thing", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

/** A promote-like route: steward-only permission, a zod body, a domain lookup that may not find the version. */
function promoteRoute(who: UserDto | null) {
  const Body = z.object({ version: z.string().regex(/^v\d+$/, "must be a version id like v3") });
  return createGuarded(async () => who)("versions.promote", async (_u, req) => {
    const b = await parseBody(req, Body);
    if (b.version !== "v1") throw new AppError("NOT_FOUND", `no version "${b.version}"`, { remedy: "list-versions" });
    return { promoted: b.version };
  });
}

async function answer(res: Response) {
  return { status: res.status, body: (await res.json()) as unknown };
}

afterEach(() => vi.restoreAllMocks());

describe("route errors: { error: { code, message } } with the AppError's status", () => {
  it("answers the result as JSON when nothing is refused", async () => {
    expect(await answer(await promoteRoute(user("admin"))(post({ version: "v1" }), ctx))).toEqual({ status: 200, body: { promoted: "v1" } });
  });

  it("NOT_FOUND from the domain is a 404 with its message", async () => {
    expect(await answer(await promoteRoute(user("admin"))(post({ version: "v9" }), ctx))).toEqual({
      status: 404,
      body: { error: { code: "NOT_FOUND", message: 'no version "v9"' } },
    });
  });

  it("INVALID input is a 400 naming the field", async () => {
    expect(await answer(await promoteRoute(user("admin"))(post({ version: "latest!" }), ctx))).toEqual({
      status: 400,
      body: { error: { code: "INVALID", message: "version: must be a version id like v3" } },
    });
    const notJson = new Request("http://127.0.0.1/api/thing", { method: "POST", headers: { "content-type": "application/json" }, body: "{" });
    expect(await answer(await promoteRoute(user("admin"))(notJson, ctx))).toEqual({ status: 400, body: { error: { code: "INVALID", message: "the request body must be JSON" } } });
  });

  it("FORBIDDEN for a role without the permission (403), UNAUTHORIZED without a session (401), before the body is read", async () => {
    expect(await answer(await promoteRoute(user("steward"))(post({ version: "v1" }), ctx))).toEqual({
      status: 403,
      body: { error: { code: "FORBIDDEN", message: "your role (steward) may not versions.promote: that needs admin" } },
    });
    expect(await answer(await promoteRoute(null)(post({ version: "not even valid" }), ctx))).toEqual({
      status: 401,
      body: { error: { code: "UNAUTHORIZED", message: "sign in first" } },
    });
    const crossSite = new Request("http://127.0.0.1/api/thing", { method: "POST", headers: { "content-type": "text/plain" }, body: "{}" });
    const refused = await answer(await promoteRoute(user("admin"))(crossSite, ctx));
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: { code: "FORBIDDEN" } });
  });

  it("TOO_LARGE is a 413", async () => {
    const res = await promoteRoute(user("admin"))(post({ version: "v1", pad: "x".repeat(300_000) }), ctx);
    expect(await answer(res)).toEqual({ status: 413, body: { error: { code: "TOO_LARGE", message: "the request body is larger than 262144 bytes" } } });
  });

  it("anything else, and an INTERNAL AppError, is a 500 that hides its message and is logged", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    for (const e of [new Error("SQLITE_CORRUPT at /srv/data/control.sqlite"), new AppError("INTERNAL", "iceberg publish failed: /srv/secret")]) {
      const route = createGuarded(async () => user("admin"))("versions.read", async () => {
        throw e;
      });
      const r = await answer(await route(new Request("http://127.0.0.1/api/thing"), ctx));
      expect(r).toEqual({ status: 500, body: { error: { code: "INTERNAL", message: SERVER_ERROR } } });
      expect(log).toHaveBeenCalledWith(e);
    }
  });
});

describe("AppError", () => {
  it("carries its code's HTTP status", () => {
    const statuses = Object.fromEntries(
      (["INVALID", "UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND", "CONFLICT", "TOO_LARGE", "INTERNAL", "UNAVAILABLE"] as const).map((c) => [c, new AppError(c, "x").status]),
    );
    expect(statuses).toEqual({ INVALID: 400, UNAUTHORIZED: 401, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409, TOO_LARGE: 413, INTERNAL: 500, UNAVAILABLE: 503 });
  });
});
