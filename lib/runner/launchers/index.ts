import type { Config } from "../../config";
import { AppError } from "../../control/errors";
import { AirflowLauncher } from "./airflow";
import { GitHubActionsLauncher } from "./github";
import { LocalDbtLauncher } from "./local";
import { SnowflakeDbtLauncher } from "./snowflake/launcher";
import type { LauncherName, RunLauncher } from "./port";

export type { LauncherName, RunLauncher } from "./port";

/** The environment variables each launcher needs, with the config value they fill. */
function missing(pairs: [string, string | null][]): string[] {
  return pairs.filter(([, v]) => !v).map(([k]) => k);
}

/**
 * The launcher STOREMATCH_LAUNCHER names, checked: a remote launcher without its URL, token or
 * target is refused with the names of the variables to set.
 */
export function launcherFor(config: Config, name: LauncherName = config.launcher.name): RunLauncher {
  const l = config.launcher;
  if (name === "airflow") {
    const lack = missing([["STOREMATCH_AIRFLOW_URL", l.airflow.url], ["STOREMATCH_AIRFLOW_TOKEN", l.airflow.token], ["STOREMATCH_AIRFLOW_DAG", l.airflow.dag]]);
    if (lack.length) throw new AppError("INVALID", `STOREMATCH_LAUNCHER=airflow needs ${lack.join(", ")} (not set)`);
    return new AirflowLauncher({ url: l.airflow.url!, token: l.airflow.token!, dag: l.airflow.dag!, pollMs: l.pollMs });
  }
  if (name === "github") {
    const lack = missing([["STOREMATCH_GITHUB_REPO", l.github.repo], ["STOREMATCH_GITHUB_WORKFLOW", l.github.workflow], ["STOREMATCH_GITHUB_TOKEN", l.github.token]]);
    if (lack.length) throw new AppError("INVALID", `STOREMATCH_LAUNCHER=github needs ${lack.join(", ")} (not set)`);
    return new GitHubActionsLauncher({ apiUrl: l.github.apiUrl, repo: l.github.repo!, workflow: l.github.workflow!, token: l.github.token!, ref: l.github.ref, pollMs: l.pollMs });
  }
  if (name === "snowflake") {
    if (config.warehouse !== "snowflake") throw new AppError("INVALID", "STOREMATCH_LAUNCHER=snowflake needs STOREMATCH_WAREHOUSE=snowflake (dbt runs inside that warehouse)");
    const lack = missing([["STOREMATCH_SNOWFLAKE_DBT_PROJECT", l.snowflake.project]]);
    if (lack.length) throw new AppError("INVALID", `STOREMATCH_LAUNCHER=snowflake needs ${lack.join(", ")} (not set)`);
    return SnowflakeDbtLauncher.fromConfig(config, { project: l.snowflake.project!, target: config.dbtTarget, pollMs: l.pollMs });
  }
  return new LocalDbtLauncher(config);
}
