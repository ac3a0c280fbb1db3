import { Option } from "commander";
import { AppError } from "../../../control/errors";
import { listTriggers, TRIGGER_STATUSES } from "../../../control/triggers";
import { defineCommand } from "../../command";
import { jsonOption } from "../../options";
import { json, printTriggers } from "../../output";

/** `storematch triggers list`. */
export default defineCommand<{ status?: string; json?: boolean }>({
  usage: "list",
  description: "triggers, highest score first",
  options: [new Option("--status <s>", "PENDING, APPROVED, REJECTED or CONSUMED"), jsonOption()],
  check({ opts: o }) {
    const status = o.status?.toUpperCase();
    if (status !== undefined && !(TRIGGER_STATUSES as readonly string[]).includes(status))
      throw new AppError("INVALID", `--status must be one of ${TRIGGER_STATUSES.join(", ")}, got "${status}"`);
  },
  async run({ opts: o, db }) {
    const rows = await listTriggers(db(), { status: o.status?.toUpperCase() });
    if (o.json) json(rows);
    else printTriggers(rows);
  },
});
