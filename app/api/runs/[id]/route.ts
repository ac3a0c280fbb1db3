import { loadConfig } from "../../../../lib/config";
import { guarded } from "../../../../lib/http/route";
import { showRun } from "../../../../lib/runner/queue";

const TAIL = 400;

/** One run with its progress and the last lines of its log (polled by the runs page). */
export const GET = guarded("runs.read", async (_user, _req, ctx) => {
  const { id } = await ctx.params;
  const run = await showRun(loadConfig(), id!);
  return { ...run, log: run.log.slice(-TAIL), logLines: run.log.length };
});
