import { Option, type Command } from "commander";
import { loadConfig } from "../../config";
import { explainPair, modelReport } from "../../versions/model";

const pad = (s: string | number | null | undefined, n: number) => String(s ?? "").padEnd(n);
const bits = (x: number | null) => (x === null ? "" : `${x > 0 ? "+" : ""}${x.toFixed(2)}`);

/** `storematch model show` and `storematch explain`: the learned model and a pair's waterfall. */
export function registerModelCommands(program: Command): void {
  const model = program.command("model").description("the matching model a version was built with");
  model
    .command("show")
    .description("per comparison, each level's m, u and match weight (bits), the prior, EM convergence, and the change from the previous version")
    .option("--version <v>", "a version id, promoted or latest", "promoted")
    .addOption(new Option("--json", "print JSON"))
    .action(async (o: { version: string; json?: boolean }) => {
      const r = await modelReport(loadConfig(), o.version);
      if (o.json) return console.log(JSON.stringify(r, null, 2));
      console.log(`model of ${r.version}${r.previousVersion ? ` (changes from ${r.previousVersion})` : ""}`);
      if (r.prior) console.log(`prior: ${(r.prior.probability * 100).toPrecision(3)}% that two random stores are one (${bits(r.prior.matchWeight)} bits)`);
      if (r.em) console.log(`EM: ${r.em.converged ? "converged" : "NOT converged"} after ${r.em.iterations} iteration(s) over ${r.em.candidatePairs} candidate pairs; ${r.em.labels ?? 0} steward label(s)${r.em.labelsUsed ? " used" : " (not enough to use)"}`);
      console.log(`${pad("comparison", 11)} ${pad("level", 28)} ${pad("m", 9)} ${pad("u", 10)} ${pad("weight", 8)} change`);
      for (const l of r.levels)
        console.log(`${pad(l.comparison, 11)} ${pad(l.level_label, 28)} ${pad(l.m.toFixed(4), 9)} ${pad(l.u.toPrecision(3), 10)} ${pad(bits(l.match_weight), 8)} ${bits(l.change)}`);
    });

  program
    .command("explain")
    .description("why a pair scored what it did: the prior, each comparison's level and weight, the probability")
    .requiredOption("--gi <id>", "GI store id")
    .requiredOption("--th <id>", "TH store id")
    .option("--version <v>", "a version id, promoted or latest", "promoted")
    .addOption(new Option("--json", "print JSON"))
    .action(async (o: { gi: string; th: string; version: string; json?: boolean }) => {
      const e = await explainPair(loadConfig(), o.gi, o.th, o.version);
      if (o.json) return console.log(JSON.stringify(e, null, 2));
      console.log(`GI ${e.giId} ↔ TH ${e.thId} in ${e.version} (${e.status === "MATCHED" ? "matched" : "a candidate"})`);
      let total = 0;
      for (const s of e.steps) {
        total += s.matchWeight;
        console.log(`${pad(s.comparison, 9)} ${pad(s.levelLabel, 28)} ${pad(bits(s.matchWeight), 8)} total ${bits(total)}`);
      }
      console.log(`match probability ${(100 * e.matchProbability).toFixed(2)}% (${bits(e.matchWeight)} bits)`);
    });
}
