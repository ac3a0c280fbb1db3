import { listRuns, type RunDto } from "../../../runner/queue";
import { defineCommand } from "../../command";
import { jsonOption, limitOption } from "../../options";
import { json, printRuns } from "../../output";

/** `storematch runs list`. */
export default defineCommand<{ limit: number; json?: boolean }>({
  usage: "list",
  description: "the latest runs, newest first",
  options: [limitOption("how many", 20), jsonOption()],
  recover: true,
  async run({ opts: o, config }) {
    const rows: RunDto[] = await listRuns(config, o.limit);
    if (o.json) json(rows);
    else printRuns(rows);
  },
});
