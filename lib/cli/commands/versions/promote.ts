import { promoteVersion } from "../../../versions/registry";
import { defineCommand } from "../../command";
import { asOption } from "../../options";

/** `storematch versions promote <version>`: promoting an older version rolls back. */
export default defineCommand({
  usage: "promote <version>",
  description: "promote a version (dashboards and exports read it); promoting an older one rolls back",
  options: [asOption()],
  permission: "versions.promote",
  async run({ args: [v], config, actor }) {
    const r = await promoteVersion(config, v!, actor);
    console.log(r.changed ? `promoted ${r.version.id}${r.previous ? ` (was ${r.previous})` : ""}` : `${r.version.id} is already promoted: nothing to do`);
  },
});
