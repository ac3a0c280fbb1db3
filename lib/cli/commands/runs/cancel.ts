import { authorize } from "../../../auth/authorize";
import { cancelRun } from "../../../runner/queue";
import { defineCommand } from "../../command";
import { asOption } from "../../options";

/** `storematch runs cancel <id>`: cancelling a full refresh also needs the permission to launch one. */
export default defineCommand({
  usage: "cancel <id>",
  description: "cancel a queued or running run (ends the whole dbt process group)",
  options: [asOption()],
  permission: "runs.cancel",
  async run({ args: [id], config, db, actor }) {
    const r = await cancelRun(config, id!, actor, (p) => authorize(db(), actor, p));
    console.log(r.status === "CANCELLED" ? `run ${id} cancelled` : `run ${id}: cancel requested, dbt is being stopped`);
  },
});
