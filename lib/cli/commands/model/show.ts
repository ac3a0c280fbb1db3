import { modelReport } from "../../../versions/model";
import { defineCommand } from "../../command";
import { jsonOption, versionOption } from "../../options";
import { bits, pad } from "../../output";

/** `storematch model show`: the learned model a version was built with. */
export default defineCommand<{ version: string; json?: boolean }>({
  usage: "show",
  description: "per comparison, each level's m, u and match weight (bits), the prior, EM convergence, and the change from the previous version",
  options: [versionOption(), jsonOption()],
  async run({ opts: o, config }) {
    const r = await modelReport(config, o.version);
    if (o.json) return console.log(JSON.stringify(r, null, 2));
    console.log(`model of ${r.version}${r.previousVersion ? ` (changes from ${r.previousVersion})` : ""}`);
    if (r.prior) console.log(`prior: ${(r.prior.probability * 100).toPrecision(3)}% that two random stores are one (${bits(r.prior.matchWeight)} bits)`);
    if (r.em) console.log(`EM: ${r.em.converged ? "converged" : "NOT converged"} after ${r.em.iterations} iteration(s) over ${r.em.candidatePairs} candidate pairs; ${r.em.labels ?? 0} steward label(s)${r.em.labelsUsed ? " used" : " (not enough to use)"}`);
    console.log(`${pad("comparison", 11)} ${pad("level", 28)} ${pad("m", 9)} ${pad("u", 10)} ${pad("weight", 8)} change`);
    for (const l of r.levels)
      console.log(`${pad(l.comparison, 11)} ${pad(l.level_label, 28)} ${pad(l.m.toFixed(4), 9)} ${pad(l.u.toPrecision(3), 10)} ${pad(bits(l.match_weight), 8)} ${bits(l.change)}`);
  },
});
