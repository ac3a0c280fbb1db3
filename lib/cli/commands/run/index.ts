import { Option } from "commander";
import { AppError } from "../../../control/errors";
import { executeRun, planPlainRun, requestRun, type RunKind } from "../../../runner/queue";
import { defineCommand } from "../../command";
import { asOption } from "../../options";

/** `storematch run`: queue a run, wait for the warehouse, build and publish, printing dbt's lines. */
export default defineCommand<{ fullRefresh?: boolean; targeted?: boolean; reason?: string; quiet?: boolean; as?: string }>({
  usage: "run",
  description: "build the dbt project (models and tests) and publish the results; plain `run` does what the settings say",
  options: [
    new Option("--full-refresh", "rebuild everything from scratch").conflicts("targeted"),
    new Option("--targeted", "recompute only the stores of the approved triggers"),
    new Option("--reason <text>", "why (recorded with the run)"),
    new Option("--quiet", "print only the result line"),
    asOption(),
  ],
  recover: true,
  // The permission depends on the kind, which a plain `run` learns from the settings: checked below.
  async run({ opts: o, config: c, actingAs }) {
    const plan: { kind: RunKind; reason: string } = o.fullRefresh
      ? { kind: "FULL_REFRESH", reason: o.reason ?? "asked for --full-refresh" }
      : o.targeted
        ? { kind: "TARGETED", reason: o.reason ?? "asked for --targeted" }
        : await planPlainRun(c);
    const actor = await actingAs(plan.kind === "FULL_REFRESH" ? "runs.launch.full" : "runs.launch.targeted");
    const run = await requestRun(c, plan.kind, actor, o.reason ?? plan.reason);
    console.log(`run ${run.id} queued: ${plan.kind} (${run.reason})`);
    const done = await executeRun(c, run.id, { onLine: o.quiet ? undefined : (l) => console.log(l), onWait: (m) => console.log(m) });
    if (done.status !== "SUCCEEDED") throw new AppError("INTERNAL", `run ${done.id} ${done.status.toLowerCase()}: ${done.summary ?? ""}`);
    console.log(`run ${done.id} succeeded: ${done.summary}`);
  },
});
