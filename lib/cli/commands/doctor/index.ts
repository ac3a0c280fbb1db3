import { formatReport, runDoctor } from "../../../doctor";
import { defineCommand } from "../../command";
import { jsonOption } from "../../options";

/** `storematch doctor`: does this setup work (warehouse, dbt profile, control plane, launcher), and what to do when not. */
export default defineCommand<{ json?: boolean }>({
  usage: "doctor",
  description: "check the setup before anything runs: Node, the dbt venv, disk, the warehouse, the dbt profile, the control plane, the launcher; says what to do about what fails (exit 1)",
  options: [jsonOption()],
  async run({ opts }) {
    // Not ctx.config: a broken environment variable is one of the things doctor reports.
    const report = await runDoctor(process.env);
    if (opts.json) console.log(JSON.stringify(report, null, 2));
    else for (const l of formatReport(report, Boolean(process.stdout.isTTY) && !process.env.NO_COLOR)) console.log(l);
    return report.ok ? 0 : 1;
  },
});
