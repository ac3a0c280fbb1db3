"use server";
import { z } from "zod";
import { loadConfig } from "../../config";
import { control } from "../../control/db";
import { changePassword, NewPassword } from "../../control/users";
import { actionClient } from "../client";

const Input = z.object({ current: z.string().min(1, "is empty").max(200), next: NewPassword });

/** The signed-in user changes their own password; every session of theirs ends (they sign in again). */
export const changePasswordAction = actionClient
  .metadata({ actionName: "changePassword", permission: "account.password" })
  .inputSchema(Input)
  .action(async ({ parsedInput: b, ctx }) => {
    await changePassword(control(loadConfig()), ctx.user.email, b.current, b.next);
    return { changed: true };
  });
