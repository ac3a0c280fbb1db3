import { assertPermission } from "../../../../../lib/auth/check";
import { loadConfig } from "../../../../../lib/config";
import { guarded } from "../../../../../lib/http/route";
import { cancelRun } from "../../../../../lib/runner/queue";

export const POST = guarded("runs.cancel", async (user, _req, ctx) => {
  const { id } = await ctx.params;
  const r = await cancelRun(loadConfig(), id!, user.email, (p) => assertPermission(user, p));
  return { id: r.id, status: r.status, cancelRequested: r.cancelRequested };
});
