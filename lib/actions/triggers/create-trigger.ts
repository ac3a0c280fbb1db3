"use server";
import { z } from "zod";
import { loadConfig } from "../../config";
import { AppError } from "../../control/errors";
import { createManualTrigger } from "../../heal/manual-trigger";
import { actionClient } from "../client";
import { Reason, Source, StoreId } from "../schemas";

// No priority: a trigger is ranked by its store's potential score, never by what was typed.
const Input = z.object({ source: Source, storeId: StoreId, reason: Reason }).strict();

/** A manual trigger for one store (PENDING, like the scan's), ranked by the store's potential score. */
export const createTriggerAction = actionClient
  .metadata({ actionName: "createTrigger", permission: "triggers.create" })
  .inputSchema(Input)
  .action(async ({ parsedInput: b, ctx }) => {
    const t = await createManualTrigger(loadConfig(), { source: b.source, storeId: b.storeId, reason: b.reason }, ctx.user.email);
    if (!t) throw new AppError("CONFLICT", `${b.source.toUpperCase()} ${b.storeId} already has an open trigger: see the triggers page`);
    return { id: t.id, status: t.status };
  });
