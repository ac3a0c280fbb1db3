import { z } from "zod";
import { zId, zText } from "../../../lib/text";
import { loadConfig } from "../../../lib/config";
import { control } from "../../../lib/control/db";
import { setDecision } from "../../../lib/control/decisions";
import { guarded, parseBody } from "../../../lib/http/route";

const Body = z.object({ giId: zId(), thId: zId(), decision: z.enum(["MATCH", "NO_MATCH"]), note: zText(500, 0).optional() });

export const POST = guarded("decisions.write", async (user, req) => {
  const b = await parseBody(req, Body);
  await setDecision(control(loadConfig()), b, user.email);
  return { ok: true };
});
