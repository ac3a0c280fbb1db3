"use server";
import { z } from "zod";
import { zText } from "../../text";
import { loadConfig } from "../../config";
import { control } from "../../control/db";
import { addUser } from "../../control/users";
import { actionClient } from "../client";
import { Email, RoleName } from "../schemas";

const Input = z.object({ email: Email, role: RoleName, name: zText(100, 0).optional() });

/** Add a local user with a generated password, shown once to the admin who added them. */
export const addUserAction = actionClient
  .metadata({ actionName: "addUser", permission: "users.manage" })
  .inputSchema(Input)
  .action(async ({ parsedInput: b, ctx }) => {
    const r = await addUser(control(loadConfig()), { email: b.email, role: b.role, name: b.name || undefined }, ctx.user.email);
    return { email: r.user.email, role: r.user.role, password: r.password };
  });
