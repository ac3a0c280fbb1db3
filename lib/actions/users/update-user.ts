"use server";
import { z } from "zod";
import { loadConfig } from "../../config";
import { control } from "../../control/db";
import { AppError } from "../../control/errors";
import { disableUser, enableUser, setUserRole } from "../../control/users";
import { actionClient } from "../client";
import { Email, RoleName } from "../schemas";

const Input = z.discriminatedUnion("change", [
  z.object({ change: z.literal("role"), email: Email, role: RoleName }),
  z.object({ change: z.literal("disable"), email: Email }),
  z.object({ change: z.literal("enable"), email: Email }),
]);

/** Change a user's role, or disable / re-enable them (with a new password). Admins cannot lock themselves out. */
export const updateUserAction = actionClient
  .metadata({ actionName: "updateUser", permission: "users.manage" })
  .inputSchema(Input)
  .action(async ({ parsedInput: b, ctx }) => {
    const db = control(loadConfig());
    if (b.email === ctx.user.email && b.change !== "enable") throw new AppError("CONFLICT", "you cannot change or disable your own account: ask another admin");
    if (b.change === "enable") {
      // Re-enabling sets a new password, shown once to this admin.
      const r = await enableUser(db, b.email, ctx.user.email);
      return { email: r.user.email, role: r.user.role, disabled: r.user.disabled, password: r.password };
    }
    const u = b.change === "role" ? await setUserRole(db, b.email, b.role, ctx.user.email) : await disableUser(db, b.email, ctx.user.email);
    return { email: u.email, role: u.role, disabled: u.disabled, password: null };
  });
