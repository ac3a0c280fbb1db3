import { showRun } from "../../../runner/queue";
import { defineCommand } from "../../command";
import { jsonOption } from "../../options";
import { json, pad, printRuns } from "../../output";

/** `storematch runs show <id>`. */
export default defineCommand<{ json?: boolean }>({
  usage: "show <id>",
  description: "one run: status, progress, per-model timing and its log",
  options: [jsonOption()],
  recover: true,
  async run({ args: [id], opts: o, config }) {
    const r = await showRun(config, id!);
    if (o.json) return json(r);
    printRuns([r]);
    if (r.launcher !== "local") console.log(`launched on ${r.launcher}: ${r.externalId ?? "not started"}${r.externalUrl ? ` (${r.externalUrl})` : ""}`);
    if (r.currentModel) console.log(`current model: ${r.currentModel}`);
    for (const n of r.nodes) console.log(`  ${pad(n.status, 8)} ${pad(`${n.seconds}s`, 9)} ${n.node}`);
    if (r.log.length) console.log("--- log ---\n" + r.log.join("\n"));
  },
});
