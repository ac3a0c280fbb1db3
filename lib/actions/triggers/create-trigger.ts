"use server";
import { z } from "zod";
import { loadConfig } from "../../config";
import { control } from "../../control/db";
import { AppError } from "../../control/errors";
import { createTrigger } from "../../control/triggers";
import { actionClient } from "../client";
import { Reason, Source, StoreId } from "../schemas";

const Input = z.object({ source: Source, storeId: StoreId, reason: Reason, priority: z.number().min(0).max(100).optional() });

/** A manual trigger for one store (PENDING, like the scan's). */
export const createTriggerAction = actionClient
  .metadata({ actionName: "createTrigger", permission: "triggers.create" })
  .inputSchema(Input)
  .action(async ({ parsedInput: b, ctx }) => {
    const t = await createTrigger(control(loadConfig()), { source: b.source, storeId: b.storeId, reason: b.reason, priority: b.priority ?? 0, origin: "MANUAL" }, ctx.user.email);
    if (!t) throw new AppError("CONFLICT", `${b.source.toUpperCase()} ${b.storeId} already has an open trigger: see the triggers page`);
    return { id: t.id, status: t.status };
  });
