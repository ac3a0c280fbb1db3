import { scan } from "../../../heal/scan";
import { defineCommand } from "../../command";
import { asOption, jsonOption } from "../../options";
import { json, pad } from "../../output";

/** `storematch scan`: reprocess triggers from the promoted version's diagnostics. */
export default defineCommand<{ json?: boolean }>({
  usage: "scan",
  description: "turn unmatched stores with potential into reprocess triggers",
  options: [jsonOption(), asOption()],
  permission: "scan.run",
  async run({ opts: o, config, actor }) {
    const r = await scan(config, actor);
    if (o.json) return json(r);
    console.log(`scanned version ${r.version}: ${r.storesWithPotential} of ${r.totalStores} stores unmatched with potential (${(r.shareWithPotential * 100).toFixed(1)}%)`);
    console.log(`created ${r.created} trigger(s), skipped ${r.skipped} (already open)${r.batch ? `: ids ${r.batch.fromId}–${r.batch.toId}` : ""}`);
    for (const [reason, n] of Object.entries(r.createdByReason)) console.log(`  ${pad(reason, 18)} ${n}`);
    if (r.fullRefreshNeeded) console.log("full_refresh_needed is set: the next plain `storematch run` rebuilds everything");
  },
});
