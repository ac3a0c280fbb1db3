"use server";
import { z } from "zod";
import { loadConfig } from "../../config";
import { control } from "../../control/db";
import { AppError } from "../../control/errors";
import { resetPassword } from "../../control/users";
import { actionClient } from "../client";
import { Email } from "../schemas";

const Input = z.object({ email: Email });

/** An admin sets a new generated password for someone else (shown once); their sessions end. */
export const resetPasswordAction = actionClient
  .metadata({ actionName: "resetPassword", permission: "users.manage" })
  .inputSchema(Input)
  .action(async ({ parsedInput: b, ctx }) => {
    if (b.email === ctx.user.email) throw new AppError("CONFLICT", "change your own password on the account page");
    const r = await resetPassword(control(loadConfig()), b.email, ctx.user.email);
    return { email: r.user.email, password: r.password };
  });
