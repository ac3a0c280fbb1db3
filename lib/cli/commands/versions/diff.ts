import { diffVersions } from "../../../versions/diff";
import { defineCommand } from "../../command";
import { jsonOption, limitOption } from "../../options";
import { json, printDiff } from "../../output";

/** `storematch versions diff <a> <b>`. */
export default defineCommand<{ json?: boolean; limit: number }>({
  usage: "diff <a> <b>",
  description: "what changed from version A to version B",
  options: [jsonOption(), limitOption("pairs to print per list", 20)],
  async run({ args: [a, b], opts: o, config }) {
    const d = await diffVersions(config, a!, b!);
    if (o.json) return json(d);
    printDiff(d, o.limit);
  },
});
