import { Option } from "commander";
import { AppError } from "../../../control/errors";
import { setDecision } from "../../../control/decisions";
import { defineCommand } from "../../command";
import { asOption } from "../../options";

/** `storematch decisions set`: force a pair to match, or never to match, from the next run on. */
export default defineCommand<{ gi: string; th: string; match?: boolean; note?: string }>({
  usage: "set",
  description: "record a decision on a pair (takes effect on the next run)",
  options: [
    new Option("--gi <id>", "GI store id").makeOptionMandatory(),
    new Option("--th <id>", "TH store id").makeOptionMandatory(),
    new Option("--match", "force the pair to match").conflicts("noMatch"),
    new Option("--no-match", "never match the pair"),
    new Option("--note <text>", "why"),
    asOption(),
  ],
  check({ opts: o }) {
    if (o.match === undefined) throw new AppError("INVALID", "say --match or --no-match");
  },
  permission: "decisions.write",
  async run({ opts: o, db, actor }) {
    // commander turns --no-match into match=false
    const decision = o.match ? "MATCH" : "NO_MATCH";
    await setDecision(db(), { giId: o.gi, thId: o.th, decision, note: o.note }, actor);
    console.log(`GI ${o.gi} / TH ${o.th}: ${decision}`);
  },
});
