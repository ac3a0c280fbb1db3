import { z } from "zod";
import { loadConfig } from "../../../../lib/config";
import { control } from "../../../../lib/control/db";
import { decideTriggers } from "../../../../lib/control/triggers";
import { guarded, parseBody } from "../../../../lib/http/route";

const Body = z.object({ ids: z.array(z.number().int().positive()).min(1).max(5000), decision: z.enum(["APPROVED", "REJECTED"]) });

export const POST = guarded("triggers.approve", async (user, req) => {
  const b = await parseBody(req, Body);
  const rows = await decideTriggers(control(loadConfig()), b.decision, { ids: b.ids }, user.email);
  return { decided: rows.length };
});
