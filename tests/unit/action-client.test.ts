import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { actionError } from "../../lib/actions/result";
import { createActionClient, SERVER_ERROR } from "../../lib/actions/safe-action";
import { AppError } from "../../lib/control/errors";
import type { UserDto } from "../../lib/control/users";

const user = (role: UserDto["role"], disabled = false): UserDto => ({ id: 1, email: `${role}@t`, name: null, role, disabled, createdAt: "2026-01-01T00:00:00.000Z" });

function approveAction(who: UserDto | null, body = vi.fn(async (_: unknown) => ({ ok: true })), log = vi.fn()) {
  const action = createActionClient(async () => who, log)
    .metadata({ actionName: "approveThings", permission: "triggers.approve" })
    .inputSchema(z.object({ ids: z.array(z.number().int().positive()).min(1, "select at least one") }))
    .action(async ({ parsedInput, ctx }) => body({ parsedInput, user: ctx.user.email }));
  return { action, body, log };
}

describe("the action client", () => {
  it("runs the action for a role that holds the permission, with the parsed input and the user", async () => {
    const { action, body } = approveAction(user("steward"));
    expect(await action({ ids: [1, 2] })).toEqual({ data: { ok: true } });
    expect(body).toHaveBeenCalledWith({ parsedInput: { ids: [1, 2] }, user: "steward@t" });
  });

  it("refuses a role without the permission, before looking at the input, and never runs the body", async () => {
    const { action, body } = approveAction(user("analyst"));
    const r = await action({ ids: [] });
    expect(r.serverError).toBe("your role (analyst) may not triggers.approve: that needs steward");
    expect(r.validationErrors).toBeUndefined();
    expect(body).not.toHaveBeenCalled();
  });

  it("refuses without a session and refuses a disabled user", async () => {
    for (const who of [null, user("admin", true)]) {
      const { action, body } = approveAction(who);
      expect((await action({ ids: [1] })).serverError).toBe("sign in first");
      expect(body).not.toHaveBeenCalled();
    }
  });

  it("validates the input and names the field that was wrong", async () => {
    const { action, body } = approveAction(user("admin"));
    const r = await action({ ids: [] } as never);
    expect(r.data).toBeUndefined();
    expect(actionError(r)).toBe("ids: select at least one");
    expect(body).not.toHaveBeenCalled();
    expect(actionError(await action({ ids: ["x"] } as never))).toMatch(/^ids\.0: /);
  });

  it("passes a typed error's message through, and hides anything else (and an INTERNAL AppError) behind a safe message that is logged", async () => {
    const refused = approveAction(user("steward"), vi.fn(async () => { throw new AppError("CONFLICT", "trigger #3 is CONSUMED"); }));
    expect((await refused.action({ ids: [3] })).serverError).toBe("trigger #3 is CONSUMED");
    expect(refused.log).not.toHaveBeenCalled();
    const secret = new Error("SQLITE_CORRUPT at /srv/data/control.sqlite password=hunter2");
    const broken = approveAction(user("steward"), vi.fn(async () => { throw secret; }));
    const r = await broken.action({ ids: [3] });
    expect(r.serverError).toBe(SERVER_ERROR);
    expect(JSON.stringify(r)).not.toContain("hunter2");
    expect(broken.log).toHaveBeenCalledWith("action approveThings failed:", secret);
    const internal = new AppError("INTERNAL", "iceberg publish failed: /srv/data/versions");
    const failed = approveAction(user("steward"), vi.fn(async () => { throw internal; }));
    expect((await failed.action({ ids: [3] })).serverError).toBe(SERVER_ERROR);
    expect(failed.log).toHaveBeenCalledWith("action approveThings failed:", internal);
  });

  it("refuses to run an action that does not name a known permission", async () => {
    const log = vi.fn();
    const body = vi.fn(async () => 1);
    const action = createActionClient(async () => user("admin"), log).metadata({ actionName: "x", permission: "triggers.eat" as never }).action(body);
    expect((await action()).serverError).toBe(SERVER_ERROR);
    expect(body).not.toHaveBeenCalled();
    expect(log).toHaveBeenCalled();
  });
});

describe("actionError", () => {
  it("is null on success and one readable line otherwise", () => {
    expect(actionError({ data: 1 })).toBeNull();
    expect(actionError(undefined)).toMatch(/did not answer/);
    expect(actionError({ serverError: "no" })).toBe("no");
    expect(actionError({ validationErrors: { _errors: ["bad form"] } })).toBe("bad form");
    expect(actionError({ validationErrors: { kind: { _errors: [] }, reason: { _errors: ["needs a few words"] } } })).toBe("reason: needs a few words");
  });
});
