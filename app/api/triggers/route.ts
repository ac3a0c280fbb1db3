import { z } from "zod";
import { zId, zText } from "../../../lib/text";
import { loadConfig } from "../../../lib/config";
import { control } from "../../../lib/control/db";
import { listTriggers } from "../../../lib/control/triggers";
import { createManualTrigger } from "../../../lib/heal/manual-trigger";
import { guarded, parseBody } from "../../../lib/http/route";

export const GET = guarded("triggers.read", async (_user, req) => {
  const status = new URL(req.url).searchParams.get("status") ?? undefined;
  return listTriggers(control(loadConfig()), { status });
});

const Body = z.object({ source: z.enum(["gi", "th"]), storeId: zId(), reason: zText(500) }).strict();

export const POST = guarded("triggers.create", async (user, req) => {
  const b = await parseBody(req, Body);
  const t = await createManualTrigger(loadConfig(), b, user.email);
  return t ?? { skipped: "the store already has an open trigger" };
});
