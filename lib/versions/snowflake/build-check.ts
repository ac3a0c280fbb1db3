import { AppError } from "../../control/errors";
import type { Bind, SnowflakeSession } from "../../warehouse/snowflake/connection";
import type { VersionRules } from "../manifest";

export type BuildKind = "FULL_REFRESH" | "TARGETED";

/** What the live warehouse says about a run's build: dbt's invocation that left the tables, and its rules. */
export interface LiveBuild {
  invocationId: string;
  rules: VersionRules;
}

const missingTable = (e: unknown) => /does not exist/i.test((e as Error).message);

/** Rows of a control table dbt creates itself; none while it does not exist yet. */
async function rowsOf<T>(s: SnowflakeSession, sql: string, binds: Bind[] = []): Promise<T[]> {
  try {
    return await s.query<T>(sql, binds);
  } catch (e) {
    if (missingTable(e)) return [];
    throw e;
  }
}

/**
 * Check that the live tables are exactly `runId`'s finished build, before a version is cloned from
 * them: the console only tracks a build that ran elsewhere (Airflow, GitHub, EXECUTE DBT PROJECT),
 * so it reads what dbt itself recorded in the warehouse, as the transformer:
 * - CONTROL.BUILD_RULES has the run's row: dbt's on-run-end hook writes it only after a build
 *   with that run id in which nothing failed (snowflake__publish_local_snapshot);
 * - that build ran as the run's kind (the rules' run_mode: full or targeted);
 * - the newest dbt invocation in CONTROL.TRANSFORMATION_LOGS (one row per model, written by the
 *   on-run-end hook of every build, failed or not, with or without a run id) is this run's, and
 *   every model of it passed: no other build (a build by hand, another DAG run) rewrote the
 *   tables after it.
 * Refused with a CONFLICT that names what is wrong; nothing is published then. A build still
 * running elsewhere has logged nothing yet and is not seen: the runner's lease, the DAG's
 * max_active_runs and the workflow's concurrency group keep builds one at a time.
 */
export async function checkLiveBuild(s: SnowflakeSession, runId: string, kind: BuildKind): Promise<LiveBuild> {
  const nothing = "nothing was published";
  const [rules] = await rowsOf<{ rules: string }>(s, "select rules as rules from control.build_rules where run_id = ? order by written_at desc limit 1", [runId]);
  if (!rules) {
    throw new AppError("CONFLICT",
      `the warehouse holds no finished build of run ${runId}: dbt records a build in which nothing failed in CONTROL.BUILD_RULES under its run id, and there is no row for this run (its build failed, or ran without STOREMATCH_DBT_RUN_ID=${runId}); ${nothing}`);
  }
  const parsed = JSON.parse(rules.rules) as VersionRules;
  const mode = String(parsed.model?.run_mode ?? "");
  const expected = kind === "TARGETED" ? "targeted" : "full";
  if (mode !== expected) {
    throw new AppError("CONFLICT", `run ${runId} is a ${kind === "TARGETED" ? "targeted run" : "full refresh"} but its build ran as a ${mode || "unknown"} build (run_mode in CONTROL.BUILD_RULES); ${nothing}`);
  }
  const [last] = await rowsOf<{ run_id: string | null; invocation_id: string; at: string }>(s,
    "select run_id as run_id, invocation_id as invocation_id, cast(logged_at as varchar) as at from control.transformation_logs order by logged_at desc limit 1");
  if (!last) throw new AppError("CONFLICT", `the warehouse has no dbt log (CONTROL.TRANSFORMATION_LOGS) of run ${runId}'s build; ${nothing}`);
  if ((last.run_id ?? "") !== runId) {
    const who = last.run_id ? `run ${last.run_id}` : "a build without a run id (by hand?)";
    throw new AppError("CONFLICT",
      `the live tables are no longer run ${runId}'s build: ${who} (dbt invocation ${last.invocation_id}) rebuilt them afterwards, at ${last.at} (CONTROL.TRANSFORMATION_LOGS); publishing them would publish another build as this run's; ${nothing}`);
  }
  const failed = await s.query<{ status: string; n: number }>(
    "select status as status, count(*) as n from control.transformation_logs where invocation_id = ? and run_id = ? and status <> 'success' group by status order by status",
    [last.invocation_id, runId]);
  if (failed.length > 0) {
    throw new AppError("CONFLICT",
      `run ${runId}'s last build (dbt invocation ${last.invocation_id}) did not pass: ${failed.map((f) => `${Number(f.n)} model(s) ${f.status}`).join(", ")} (CONTROL.TRANSFORMATION_LOGS), so its tables are partly rebuilt; ${nothing}`);
  }
  return { invocationId: last.invocation_id, rules: parsed };
}
