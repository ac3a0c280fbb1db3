"use server";
import { z } from "zod";
import { loadConfig } from "../../config";
import { launchRun } from "../../runner/launch";
import { actionClient } from "../client";
import { Reason } from "../schemas";

/** A targeted run over the approved triggers (steward); it runs in the server process. */
export const launchTargetedRunAction = actionClient
  .metadata({ actionName: "launchTargetedRun", permission: "runs.launch.targeted" })
  .inputSchema(z.object({ reason: Reason.optional() }))
  .action(async ({ parsedInput: b, ctx }) => launchRun(loadConfig(), "TARGETED", ctx.user.email, b.reason ?? "targeted run launched from the console"));
