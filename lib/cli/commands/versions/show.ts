import { resolveVersion, toVersionDto } from "../../../versions/registry";
import { defineCommand } from "../../command";
import { jsonOption } from "../../options";
import { json, pad, printVersions } from "../../output";

/** `storematch versions show <version>`. */
export default defineCommand<{ json?: boolean }>({
  usage: "show <version>",
  description: "one version: snapshots, metrics, run (a version id, promoted or latest)",
  options: [jsonOption()],
  async run({ args: [v], opts: o, config }) {
    const d = toVersionDto(await resolveVersion(config, v!));
    if (o.json) return json(d);
    printVersions([d]);
    console.log(`run ${d.runId}, dbt invocation ${d.invocationId ?? "?"}, commit ${d.gitCommit ?? "?"}`);
    for (const [t, id] of Object.entries(d.snapshots)) console.log(`  ${pad(t, 24)} snapshot ${id}`);
    for (const [r, n] of Object.entries(d.metrics.byReason).sort((a, b) => b[1] - a[1])) console.log(`  ${pad(r, 24)} ${n}`);
  },
});
