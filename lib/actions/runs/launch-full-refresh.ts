"use server";
import { z } from "zod";
import { loadConfig } from "../../config";
import { launchRun } from "../../runner/launch";
import { actionClient } from "../client";
import { Reason } from "../schemas";

/** A full refresh (admin), which always says why. */
export const launchFullRefreshAction = actionClient
  .metadata({ actionName: "launchFullRefresh", permission: "runs.launch.full" })
  .inputSchema(z.object({ reason: Reason }))
  .action(async ({ parsedInput: b, ctx }) => launchRun(loadConfig(), "FULL_REFRESH", ctx.user.email, b.reason));
