import { listDecisions } from "../../../control/decisions";
import { defineCommand } from "../../command";
import { jsonOption } from "../../options";
import { json, pad } from "../../output";

/** `storematch decisions list`. */
export default defineCommand<{ json?: boolean }>({
  usage: "list",
  options: [jsonOption()],
  async run({ opts: o, db }) {
    const rows = await listDecisions(db());
    if (o.json) return json(rows);
    if (rows.length === 0) return console.log("no pair decisions");
    for (const d of rows) console.log(`${pad(d.giId, 14)} ${pad(d.thId, 14)} ${pad(d.decision, 9)} ${d.createdBy} ${d.note ?? ""}`);
  },
});
