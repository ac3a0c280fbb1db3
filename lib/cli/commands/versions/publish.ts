import { Option } from "commander";
import { publishRun } from "../../../versions/publish-run";
import { defineCommand } from "../../command";
import { asOption } from "../../options";

/**
 * `storematch versions publish --run <id>`: publish a SUCCEEDED run that has no version yet (see
 * publishRun for which runs are eligible). Publishing may promote (a workspace's first version,
 * auto_promote), so it needs the permission to promote.
 */
export default defineCommand<{ run: string }>({
  usage: "publish",
  description: "publish a succeeded run that has no version yet (e.g. a remote build recorded before the console published them)",
  options: [new Option("--run <id>", "the run to publish").makeOptionMandatory(), asOption()],
  helpAfter: "\nExample:\n  storematch versions publish --run 20261130-010203-ab12\n",
  recover: true,
  permission: "versions.promote",
  async run({ opts, config, actor }) {
    const v = await publishRun(config, opts.run, actor);
    console.log(`published ${v.id} from run ${opts.run} (${v.status === "PROMOTED" ? "promoted" : "candidate"})`);
  },
});
