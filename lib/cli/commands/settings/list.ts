import { getSettings } from "../../../control/settings";
import { defineCommand } from "../../command";
import { jsonOption } from "../../options";
import { json, pad } from "../../output";

/** `storematch settings list`. */
export default defineCommand<{ json?: boolean }>({
  usage: "list",
  options: [jsonOption()],
  async run({ opts: o, db }) {
    const s = await getSettings(db());
    if (o.json) return json(s);
    for (const [k, v] of Object.entries(s)) console.log(`${pad(k, 28)} ${JSON.stringify(v)}`);
  },
});
