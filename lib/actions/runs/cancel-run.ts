"use server";
import { z } from "zod";
import { assertPermission } from "../../auth/check";
import { loadConfig } from "../../config";
import { cancelRun } from "../../runner/queue";
import { actionClient } from "../client";
import { RunId } from "../schemas";

export const cancelRunAction = actionClient
  .metadata({ actionName: "cancelRun", permission: "runs.cancel" })
  .inputSchema(z.object({ runId: RunId }))
  .action(async ({ parsedInput: b, ctx }) => {
    const run = await cancelRun(loadConfig(), b.runId, ctx.user.email, (p) => assertPermission(ctx.user, p));
    return { id: run.id, status: run.status };
  });
