import { Option } from "commander";
import { removeDecision } from "../../../control/decisions";
import { defineCommand } from "../../command";
import { asOption } from "../../options";

/** `storematch decisions remove`. */
export default defineCommand<{ gi: string; th: string }>({
  usage: "remove",
  options: [new Option("--gi <id>", "GI store id").makeOptionMandatory(), new Option("--th <id>", "TH store id").makeOptionMandatory(), asOption()],
  permission: "decisions.write",
  async run({ opts: o, db, actor }) {
    await removeDecision(db(), o.gi, o.th, actor);
    console.log(`removed the decision on GI ${o.gi} / TH ${o.th}`);
  },
});
