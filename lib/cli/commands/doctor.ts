import { Option, type Command } from "commander";
import { AppError } from "../../control/errors";
import { formatReport, runDoctor } from "../../doctor";

/** `storematch doctor`: does this setup work (warehouse, dbt profile, control plane, launcher), and what to do when not. */
export function registerDoctorCommand(program: Command): void {
  program
    .command("doctor")
    .description("check the setup before anything runs: Node, the dbt venv, disk, the warehouse, the dbt profile, the control plane, the launcher; says what to do about what fails (exit 1)")
    .addOption(new Option("--json", "print JSON ({ok, checks: [{name, status, message, remedy}]})"))
    .action(async (o: { json?: boolean }) => {
      const report = await runDoctor(process.env);
      if (o.json) console.log(JSON.stringify(report, null, 2));
      else for (const l of formatReport(report, Boolean(process.stdout.isTTY) && !process.env.NO_COLOR)) console.log(l);
      // Exit 1 through the CLI's one error path (its line goes to stderr; stdout holds the report).
      if (!report.ok) throw new AppError("UNAVAILABLE", `doctor: ${report.checks.filter((c) => c.status === "fail").map((c) => c.name).join(", ")} failed`);
    });
}
