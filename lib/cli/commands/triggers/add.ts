import { Option } from "commander";
import { AppError } from "../../../control/errors";
import { createManualTrigger } from "../../../heal/manual-trigger";
import { defineCommand } from "../../command";
import { asOption } from "../../options";

/** `storematch triggers add`: a trigger by hand; its score is the store's potential, never typed in. */
export default defineCommand<{ source: string; store: string; reason: string }>({
  usage: "add",
  description: "add a trigger by hand (PENDING)",
  options: [
    new Option("--source <gi|th>", "which list the store is in").makeOptionMandatory(),
    new Option("--store <id>", "the store id").makeOptionMandatory(),
    new Option("--reason <text>", "why it needs reprocessing").makeOptionMandatory(),
    asOption(),
  ],
  check({ opts: o }) {
    if (o.source !== "gi" && o.source !== "th") throw new AppError("INVALID", `--source must be gi or th, got "${o.source}"`);
    if (!o.reason.trim()) throw new AppError("INVALID", "--reason must not be empty");
  },
  permission: "triggers.create",
  async run({ opts: o, config, actor }) {
    const source = o.source as "gi" | "th";
    const t = await createManualTrigger(config, { source, storeId: o.store, reason: o.reason.trim() }, actor);
    console.log(t ? `created trigger ${t.id}` : `${o.source} store ${o.store} already has an open trigger`);
  },
});
