"use server";
import { z } from "zod";
import { loadConfig } from "../../config";
import { control } from "../../control/db";
import { removeDecision } from "../../control/decisions";
import { actionClient } from "../client";
import { StoreId } from "../schemas";

export const removePairDecisionAction = actionClient
  .metadata({ actionName: "removePairDecision", permission: "decisions.write" })
  .inputSchema(z.object({ giId: StoreId, thId: StoreId }))
  .action(async ({ parsedInput: b, ctx }) => {
    await removeDecision(control(loadConfig()), b.giId, b.thId, ctx.user.email);
    return { removed: true };
  });
