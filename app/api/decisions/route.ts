import { z } from "zod";
import { loadConfig } from "../../../lib/config";
import { control } from "../../../lib/control/db";
import { setDecision } from "../../../lib/control/decisions";
import { guarded, parseBody } from "../../../lib/http/route";

const Body = z.object({ giId: z.string().trim().min(1), thId: z.string().trim().min(1), decision: z.enum(["MATCH", "NO_MATCH"]), note: z.string().max(500).optional() });

export const POST = guarded("decisions.write", async (user, req) => {
  const b = await parseBody(req, Body);
  await setDecision(control(loadConfig()), b, user.email);
  return { ok: true };
});
