import { getSettings } from "../../../control/settings";
import { countTriggersByStatus } from "../../../control/triggers";
import { listRuns, warehouseKey } from "../../../runner/queue";
import { listVersions } from "../../../versions/registry";
import { defineCommand } from "../../command";
import { jsonOption } from "../../options";
import { json, printRuns } from "../../output";

/** `storematch status`: the workspace at a glance. */
export default defineCommand<{ json?: boolean }>({
  usage: "status",
  description: "runs, triggers by status, the published results and the settings",
  options: [jsonOption()],
  recover: true,
  async run({ opts: o, config: c, db }) {
    const lease = await db().lease.findUnique({ where: { warehouse: warehouseKey(c) } });
    const status = {
      runs: await listRuns(c, 5),
      triggers: await countTriggersByStatus(db()),
      promoted: (await listVersions(c)).find((v) => v.status === "PROMOTED") ?? null,
      settings: await getSettings(db()),
      lease: lease ? { holder: lease.holder, pid: lease.pid } : null,
    };
    if (o.json) return json(status);
    console.log(`promoted version: ${status.promoted ? `${status.promoted.id} (run ${status.promoted.runId}, match rate ${(status.promoted.metrics.matchRate * 100).toFixed(1)}%)` : "none yet"}`);
    console.log(`warehouse: ${lease ? `busy (${lease.holder}, pid ${lease.pid})` : "idle"}`);
    console.log(`triggers: ${Object.entries(status.triggers).map(([k, v]) => `${k} ${v}`).join(", ")}`);
    console.log(`full refresh needed: ${status.settings.full_refresh_needed ? "yes" : "no"}`);
    printRuns(status.runs);
  },
});
