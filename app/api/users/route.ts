import { z } from "zod";
import { zText } from "../../../lib/text";
import { loadConfig } from "../../../lib/config";
import { control } from "../../../lib/control/db";
import { addUser, listUsers } from "../../../lib/control/users";
import { guarded, parseBody } from "../../../lib/http/route";

export const GET = guarded("users.manage", async () => listUsers(control(loadConfig())));

const Body = z.object({ email: z.string().max(320), role: z.string().max(20), name: zText(100).optional() });

export const POST = guarded("users.manage", async (user, req) => {
  const b = await parseBody(req, Body);
  const r = await addUser(control(loadConfig()), b, user.email);
  return { user: r.user, password: r.password };
});
