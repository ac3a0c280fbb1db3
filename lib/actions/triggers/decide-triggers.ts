"use server";
import { z } from "zod";
import { zText } from "../../text";
import { loadConfig } from "../../config";
import { control } from "../../control/db";
import { decideTriggers } from "../../control/triggers";
import { actionClient } from "../client";
import { Source } from "../schemas";

const Input = z.union([
  z.object({ decision: z.enum(["APPROVED", "REJECTED"]), ids: z.array(z.number().int().positive()).min(1, "select at least one trigger").max(5000) }),
  // Every PENDING trigger that fits the queue's filters (the confirmation shows their count).
  z.object({
    decision: z.enum(["APPROVED", "REJECTED"]),
    allPending: z.literal(true),
    source: Source.optional(),
    reason: zText(100, 0).optional(),
    minScore: z.number().min(0).max(100).optional(),
    /** The count the person confirmed; the action refuses if the queue changed since. */
    expected: z.number().int().min(0).optional(),
  }),
]);

export const decideTriggersAction = actionClient
  .metadata({ actionName: "decideTriggers", permission: "triggers.approve" })
  .inputSchema(Input)
  .action(async ({ parsedInput: b, ctx }) => {
    const select = "ids" in b ? { ids: b.ids } : { allPending: true, source: b.source, reason: b.reason || undefined, minScore: b.minScore, expected: b.expected };
    const rows = await decideTriggers(control(loadConfig()), b.decision, select, ctx.user.email);
    return { decided: rows.length };
  });
