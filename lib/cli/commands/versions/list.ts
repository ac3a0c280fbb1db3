import { listVersions } from "../../../versions/registry";
import { defineCommand } from "../../command";
import { jsonOption } from "../../options";
import { json, printVersions } from "../../output";

/** `storematch versions list`. */
export default defineCommand<{ json?: boolean }>({
  usage: "list",
  options: [jsonOption()],
  async run({ opts: o, config }) {
    const rows = await listVersions(config);
    if (o.json) return json(rows);
    printVersions(rows);
  },
});
