import type { Config } from "../../../config";
import { SnowflakeSession } from "../../../warehouse/snowflake/connection";
import { snowflakeSettings } from "../../../warehouse/snowflake/settings";
import { followRemote, launcherError, type BuildProgress, type BuildState, type LaunchedBuild, type LaunchHooks, type LaunchRequest, type RunLauncher } from "../port";

/** What the launcher needs of a Snowflake session (tests stub it: fakesnow cannot run EXECUTE DBT PROJECT). */
export interface SnowflakeStatements {
  submit(sql: string): Promise<string>;
  queryStatus(queryId: string): Promise<string>;
  query<R = Record<string, unknown>>(sql: string, binds?: (string | number | null)[]): Promise<R[]>;
}

export interface SnowflakeDbtOptions {
  /** The dbt project object (CREATE DBT PROJECT), fully qualified: STOREMATCH.DBT.STOREMATCH. */
  project: string;
  /** The profile target the project runs with. */
  target: string;
  pollMs: number;
}

/** Snowflake's query statuses (snowflake-sdk's QueryStatus) on the run lifecycle. */
export function buildState(status: string): BuildState {
  switch (status) {
    case "QUEUED": case "QUEUED_REPARING_WAREHOUSE": case "BLOCKED": case "NO_DATA": case "NO_QUERY_DATA":
      return "QUEUED";
    case "RUNNING": case "RESUMING_WAREHOUSE": case "RESTARTED": case "ABORTING":
      return "RUNNING";
    case "SUCCESS":
      return "SUCCEEDED";
    case "ABORTED":
      return "CANCELLED";
    case "FAILED_WITH_ERROR": case "FAILED_WITH_INCIDENT": case "DISCONNECTED":
      return "FAILED";
    default:
      throw launcherError(`Snowflake answered an unknown query status "${status}"`);
  }
}

/** dbt's arguments for a run: the same selection and per-run settings as a local build, as --vars (no environment there). */
export function dbtArgs(req: LaunchRequest, target: string): string {
  const vars = JSON.stringify({ run_mode: req.kind === "TARGETED" ? "targeted" : "full", run_id: req.runId });
  const args = ["build", "--target", target, "--vars", `'${vars}'`];
  if (req.kind === "FULL_REFRESH") args.push("--full-refresh");
  else args.push("--exclude", "test_type:data,tag:staging", "test_type:data,tag:profiles", "source:*");
  return args.join(" ");
}

const QUALIFIED = /^[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*){0,2}$/;
const QUERY_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The statement that starts a build: EXECUTE DBT PROJECT <name> ARGS = '<dbt arguments>'. */
export function executeSql(project: string, args: string): string {
  if (!QUALIFIED.test(project)) throw launcherError(`"${project}" is not a dbt project object name (database.schema.name)`);
  return `execute dbt project ${project} args = '${args.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

function checkedId(queryId: string): string {
  if (!QUERY_ID.test(queryId)) throw launcherError(`"${queryId}" is not a Snowflake query id`);
  return queryId;
}

/**
 * Runs dbt inside Snowflake: EXECUTE DBT PROJECT with the ARGS of a targeted or full-refresh
 * build, submitted asynchronously; its query id is the external id, its query status the build's
 * state, its result (dbt's output) the log. Unit-tested only: fakesnow cannot run EXECUTE DBT
 * PROJECT (tests/snowflake/launcher.test.ts: the SQL through sqlglot, the states on a stub).
 */
export class SnowflakeDbtLauncher implements RunLauncher {
  readonly name = "snowflake" as const;
  private readonly cancelled = new Set<string>();

  constructor(private readonly opts: SnowflakeDbtOptions, private readonly connect: () => Promise<SnowflakeStatements>) {}

  /** The launcher on the transformer's connection (the role that owns the DBT PROJECT object in CONTROL). */
  static fromConfig(config: Config, opts: SnowflakeDbtOptions): SnowflakeDbtLauncher {
    let session: Promise<SnowflakeSession> | null = null;
    return new SnowflakeDbtLauncher(opts, () => (session ??= SnowflakeSession.open(snowflakeSettings(config, "transformer"))));
  }

  async start(req: LaunchRequest, hooks: LaunchHooks = {}): Promise<LaunchedBuild> {
    const c = await this.connect();
    const sql = executeSql(this.opts.project, dbtArgs(req, this.opts.target));
    const queryId = checkedId(await c.submit(sql));
    hooks.onLine?.(`snowflake: ${sql} submitted as query ${queryId}`);
    const done = followRemote(this, queryId, {
      pollMs: this.opts.pollMs, hooks, label: "EXECUTE DBT PROJECT",
      nodeLogs: () => this.logs(queryId), cancelled: () => this.cancelled.has(queryId),
    });
    return { externalId: queryId, url: null, done };
  }

  async poll(externalId: string): Promise<BuildProgress> {
    const c = await this.connect();
    let state = buildState(await c.queryStatus(checkedId(externalId)));
    let summary: string | null = null;
    if (state === "SUCCEEDED") {
      // The statement can succeed while dbt failed: its result says so (SUCCESS false, EXCEPTION).
      const [r] = await this.result(c, externalId);
      if (r && (r.success === false || r.success === "false")) {
        state = "FAILED";
        summary = `dbt failed in Snowflake: ${String(r.exception ?? "no exception text")}`.slice(0, 500);
      } else summary = "dbt build passed in Snowflake";
    } else if (state === "FAILED") summary = `the EXECUTE DBT PROJECT query ${externalId} failed in Snowflake`;
    else if (state === "CANCELLED") summary = "cancelled in Snowflake";
    const final = summary !== null;
    return { state, modelsDone: 0, modelsTotal: 0, currentModel: null, nodes: final ? [{ node: "dbt", status: state.toLowerCase(), seconds: 0 }] : [], summary };
  }

  async cancel(externalId: string): Promise<void> {
    const c = await this.connect();
    this.cancelled.add(externalId);
    await c.query("select system$cancel_query(?) as answer", [checkedId(externalId)]);
  }

  /** dbt's output, once the statement is final (Snowflake keeps a result 24 hours). */
  async logs(externalId: string): Promise<string[]> {
    const c = await this.connect();
    const status = await c.queryStatus(checkedId(externalId));
    if (buildState(status) !== "SUCCEEDED") return [`(query ${externalId} is ${status}: no dbt output to read)`];
    const rows = await this.result(c, externalId);
    return rows.flatMap((r) => String(r.stdout ?? r.exception ?? "").split("\n")).filter((l) => l.length > 0);
  }

  private result(c: SnowflakeStatements, queryId: string) {
    return c.query<{ success?: unknown; exception?: unknown; stdout?: unknown }>(`select * from table(result_scan('${checkedId(queryId)}'))`);
  }
}
