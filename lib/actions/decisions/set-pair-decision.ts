"use server";
import { z } from "zod";
import { zText } from "../../text";
import { loadConfig } from "../../config";
import { control } from "../../control/db";
import { setDecision } from "../../control/decisions";
import { actionClient } from "../client";
import { StoreId } from "../schemas";

const Input = z.object({ giId: StoreId, thId: StoreId, decision: z.enum(["MATCH", "NO_MATCH"]), note: zText(500, 0).optional() });

/** Force a GI/TH pair to match or never to match; the next run reads it (decisions win over scores). */
export const setPairDecisionAction = actionClient
  .metadata({ actionName: "setPairDecision", permission: "decisions.write" })
  .inputSchema(Input)
  .action(async ({ parsedInput: b, ctx }) => {
    await setDecision(control(loadConfig()), b, ctx.user.email);
    return { giId: b.giId, thId: b.thId, decision: b.decision };
  });
