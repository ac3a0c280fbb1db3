import { z } from "zod";
import { loadConfig } from "../../../lib/config";
import { control } from "../../../lib/control/db";
import { addUser, listUsers } from "../../../lib/control/users";
import { guarded, parseBody } from "../../../lib/http/route";

export const GET = guarded("users.manage", async () => listUsers(control(loadConfig())));

const Body = z.object({ email: z.string(), role: z.string(), name: z.string().optional() });

export const POST = guarded("users.manage", async (user, req) => {
  const b = await parseBody(req, Body);
  const r = await addUser(control(loadConfig()), b, user.email);
  return { user: r.user, password: r.password };
});
