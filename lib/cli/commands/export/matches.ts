import { Option } from "commander";
import { exportMatches } from "../../../export";
import { defineCommand } from "../../command";
import { versionOption } from "../../options";

/** `storematch export matches`. */
export default defineCommand<{ out: string; version: string }>({
  usage: "matches",
  description: "write the matches as CSV: gi_id,th_id,status,score (one row per pair or singleton)",
  options: [new Option("--out <file>", "output CSV file").makeOptionMandatory(), versionOption()],
  async run({ opts: o, config }) {
    const n = await exportMatches(config, o.out, o.version);
    console.log(`wrote ${n} rows to ${o.out}`);
  },
});
