import { Option } from "commander";
import { explainPair } from "../../../versions/model";
import { defineCommand } from "../../command";
import { jsonOption, versionOption } from "../../options";
import { bits, pad } from "../../output";

/** `storematch explain`: a pair's waterfall, from the prior to the match probability. */
export default defineCommand<{ gi: string; th: string; version: string; json?: boolean }>({
  usage: "explain",
  description: "why a pair scored what it did: the prior, each comparison's level and weight, the probability",
  options: [new Option("--gi <id>", "GI store id").makeOptionMandatory(), new Option("--th <id>", "TH store id").makeOptionMandatory(), versionOption(), jsonOption()],
  async run({ opts: o, config }) {
    const e = await explainPair(config, o.gi, o.th, o.version);
    if (o.json) return console.log(JSON.stringify(e, null, 2));
    console.log(`GI ${e.giId} ↔ TH ${e.thId} in ${e.version} (${e.status === "MATCHED" ? "matched" : "a candidate"})`);
    let total = 0;
    for (const s of e.steps) {
      total += s.matchWeight;
      console.log(`${pad(s.comparison, 9)} ${pad(s.levelLabel, 28)} ${pad(bits(s.matchWeight), 8)} total ${bits(total)}`);
    }
    console.log(`match probability ${(100 * e.matchProbability).toFixed(2)}% (${bits(e.matchWeight)} bits)`);
  },
});
