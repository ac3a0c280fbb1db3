import { listUsers } from "../../../control/users";
import { defineCommand } from "../../command";
import { jsonOption } from "../../options";
import { json, pad } from "../../output";

/** `storematch users list`. */
export default defineCommand<{ json?: boolean }>({
  usage: "list",
  options: [jsonOption()],
  async run({ opts: o, db }) {
    const rows = await listUsers(db());
    if (o.json) return json(rows);
    if (rows.length === 0) return console.log("no users");
    for (const u of rows) console.log(`${pad(u.email, 32)} ${pad(u.role, 8)} ${u.disabled ? "disabled" : "active"}`);
  },
});
