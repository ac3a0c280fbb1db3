import { Option } from "commander";
import { AppError } from "../../../control/errors";
import { decideTriggers } from "../../../control/triggers";
import { defineCommand } from "../../command";
import { asOption, idList, score } from "../../options";

/** `triggers approve` and `triggers reject`: the same flags and rules, one decision each. */
export function decideCommand(verb: "approve" | "reject") {
  return defineCommand<{ ids?: number[]; allPending?: boolean; minScore?: number }>({
    usage: verb,
    description: `${verb} PENDING triggers (all or nothing)`,
    options: [
      new Option("--ids <ids>", "trigger ids, comma-separated").argParser(idList),
      new Option("--all-pending", "every PENDING trigger"),
      new Option("--min-score <x>", "with --all-pending: only those scoring at least x").argParser(score("--min-score")),
      asOption(),
    ],
    check({ opts: o }) {
      if (o.ids && o.allPending) throw new AppError("INVALID", "give --ids or --all-pending, not both");
      if (o.minScore !== undefined && !o.allPending) throw new AppError("INVALID", "--min-score goes with --all-pending");
      if (!o.ids?.length && !o.allPending) throw new AppError("INVALID", "say which triggers: --ids 1,2,3 or --all-pending");
    },
    permission: "triggers.approve",
    async run({ opts: o, db, actor }) {
      const rows = await decideTriggers(db(), verb === "approve" ? "APPROVED" : "REJECTED", { ids: o.ids, allPending: o.allPending, minScore: o.minScore }, actor);
      console.log(`${verb === "approve" ? "approved" : "rejected"} ${rows.length} trigger(s)`);
    },
  });
}
