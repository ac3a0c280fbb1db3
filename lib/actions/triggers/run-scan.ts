"use server";
import { z } from "zod";
import { loadConfig } from "../../config";
import { scan } from "../../heal/scan";
import { actionClient } from "../client";

/** The scan, on demand: triggers for the promoted version's unmatched stores with potential. */
export const runScanAction = actionClient
  .metadata({ actionName: "runScan", permission: "scan.run" })
  .inputSchema(z.strictObject({}))
  .action(async ({ ctx }) => {
    const r = await scan(loadConfig(), ctx.user.email);
    return { created: r.created, skipped: r.skipped, fullRefreshNeeded: r.fullRefreshNeeded };
  });
