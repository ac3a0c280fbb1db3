// Stand-in for the real Airflow 3 REST API (/api/v2), which cannot run here: a loopback HTTP server that checks the requests and plays scripted DAG run states.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";

/** success: queued → running → success; fail: dbt_build fails; hold: stays running (dbt_build) until cancelled. */
export type AirflowOutcome = "success" | "fail" | "hold";

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
}

interface TaskState {
  task_id: string;
  state: string | null;
  try_number: number;
  start_date: string | null;
  end_date: string | null;
}

export interface FakeDagRun {
  dagRunId: string;
  conf: Record<string, unknown>;
  outcome: AirflowOutcome;
  state: "queued" | "running" | "success" | "failed";
  step: number;
  /** GETs of the run so far: each one after the first plays one step. */
  polls: number;
  tasks: TaskState[];
  patchedTo: string | null;
  /** The build FakeAirflow.onBuild started for this run: until it ends, dbt_build stays running; its error fails dbt_build. */
  build?: { ended: boolean; error: Error | null };
}

export interface FakeAirflow {
  url: string;
  token: string;
  dag: string;
  /** Outcome of the DAG runs created from now on. */
  outcome: AirflowOutcome;
  /** The largest page of task instances it answers (Airflow's maximum_page_limit, 100 by default). */
  maxPage: number;
  requests: RecordedRequest[];
  runs: Map<string, FakeDagRun>;
  /**
   * The remote side's work, played by the test (e.g. dbt on the fake Snowflake target, as the DAG's
   * dbt_build would run it): started when dbt_build starts running; the DAG run stays there until it
   * ends, and fails (dbt_build failed) when it throws. Unset: dbt_build succeeds on the next poll.
   */
  onBuild?: (run: FakeDagRun) => Promise<void>;
  close(): Promise<void>;
}

const TASKS = ["load_scope", "dbt_build", "publish_version"];
const TRIGGER_KEYS = ["dag_run_id", "data_interval_start", "data_interval_end", "logical_date", "run_after", "conf", "note"];
const now = () => new Date().toISOString();

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let s = "";
    req.on("data", (c: Buffer) => (s += c.toString("utf8")));
    req.on("end", () => resolve(s));
    req.on("error", reject);
  });
}

function parseOrText(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return text;
  }
}

function jsonBody(req: IncomingMessage, text: string): Record<string, unknown> {
  if (!/^application\/json\b/.test(req.headers["content-type"] ?? "")) throw new HttpError(415, "Content-Type must be application/json");
  let b: unknown;
  try {
    b = JSON.parse(text);
  } catch {
    throw new HttpError(400, "body is not JSON");
  }
  if (!b || typeof b !== "object" || Array.isArray(b)) throw new HttpError(422, "body must be a JSON object");
  return b as Record<string, unknown>;
}

/** The checks Airflow's TriggerDAGRunPostBody makes, plus the conf that storematch's DAG reads. */
function checkTrigger(b: Record<string, unknown>): void {
  const extra = Object.keys(b).filter((k) => !TRIGGER_KEYS.includes(k));
  if (extra.length) throw new HttpError(422, `Extra inputs are not permitted: ${extra.join(", ")}`);
  if (!("logical_date" in b)) throw new HttpError(422, "Field required: logical_date");
  if (b.logical_date !== null && typeof b.logical_date !== "string") throw new HttpError(422, "logical_date must be a date-time or null");
  if (b.dag_run_id !== undefined && (typeof b.dag_run_id !== "string" || !b.dag_run_id)) throw new HttpError(422, "dag_run_id must be a non-empty string");
  const conf = b.conf as Record<string, unknown> | undefined;
  // infra/airflow/dags/storematch_run.py validates kind and storematch_run_id; scope is for the record.
  if (!conf || typeof conf !== "object") throw new HttpError(422, "conf must be an object (the storematch DAG needs kind and storematch_run_id)");
  if (typeof conf.storematch_run_id !== "string" || !conf.storematch_run_id) throw new HttpError(422, "conf.storematch_run_id must be a string");
  if (conf.kind !== "TARGETED" && conf.kind !== "FULL_REFRESH") throw new HttpError(422, "conf.kind must be TARGETED or FULL_REFRESH");
  if (!Array.isArray(conf.scope)) throw new HttpError(422, "conf.scope must be a list");
  for (const t of conf.scope as Record<string, unknown>[]) {
    if (!Number.isInteger(t.trigger_id) || (t.source !== "gi" && t.source !== "th") || typeof t.store_id !== "string") {
      throw new HttpError(422, "each conf.scope entry needs trigger_id (integer), source (gi|th) and store_id (string)");
    }
  }
  if (conf.kind === "TARGETED" && (conf.scope as unknown[]).length === 0) throw new HttpError(422, "a TARGETED run needs a non-empty conf.scope");
}

function setTask(run: FakeDagRun, id: string, state: string): void {
  const t = run.tasks.find((x) => x.task_id === id)!;
  if (state !== "skipped" && state !== "upstream_failed") {
    t.try_number = Math.max(1, t.try_number);
    t.start_date ??= now();
  }
  t.state = state;
  if (state !== "running") t.end_date = now();
}

/** One step of the script, played on each GET of the DAG run. */
function advance(fake: FakeAirflow, run: FakeDagRun): void {
  if (run.state === "success" || run.state === "failed") return;
  if (run.outcome === "hold" && run.step >= 2) return;
  if (run.build && !run.build.ended) return; // dbt_build is still running on the remote side
  run.step++;
  switch (run.step) {
    case 1:
      run.state = "running";
      setTask(run, "load_scope", "running");
      break;
    case 2:
      setTask(run, "load_scope", "success");
      setTask(run, "dbt_build", "running");
      if (fake.onBuild && run.outcome !== "hold") {
        const build: { ended: boolean; error: Error | null } = (run.build = { ended: false, error: null });
        fake.onBuild(run).then(() => (build.ended = true), (e: unknown) => Object.assign(build, { ended: true, error: e as Error }));
      }
      break;
    case 3:
      if (run.outcome === "fail" || run.build?.error) {
        setTask(run, "dbt_build", "failed");
        setTask(run, "publish_version", "upstream_failed");
        run.state = "failed";
      } else {
        setTask(run, "dbt_build", "success");
        setTask(run, "publish_version", "running");
      }
      break;
    default:
      setTask(run, "publish_version", "success");
      run.state = "success";
  }
}

function dagRunJson(dag: string, r: FakeDagRun) {
  return {
    dag_run_id: r.dagRunId, dag_id: dag, logical_date: null, queued_at: now(), start_date: r.step > 0 ? now() : null, end_date: null,
    state: r.state, run_type: "manual", triggered_by: "rest_api", conf: r.conf, note: null,
  };
}

function logContent(run: FakeDagRun, task: TaskState) {
  const at = task.start_date ?? now();
  const lines: string[] = [`Task ${task.task_id} of ${run.dagRunId}, try ${task.try_number}`];
  if (task.task_id === "load_scope") lines.push(`loaded ${(run.conf.scope as unknown[]).length} trigger(s) into control.reprocess_triggers`);
  if (task.task_id === "dbt_build") {
    lines.push(`dbt build ${run.conf.kind === "FULL_REFRESH" ? "--full-refresh" : "(targeted)"}`, "Found 42 models, 120 data tests");
    if (task.state === "failed") lines.push(run.patchedTo === "failed" ? "Received SIGTERM: the DAG run was set to failed" : run.build?.error ? `dbt failed: ${run.build.error.message.split("\n")[0]}` : "Database Error in model int_pairs_scored: out of memory");
    else if (task.state === "success") lines.push("Completed successfully");
  }
  if (task.task_id === "publish_version") lines.push("published version (Iceberg snapshots registered)");
  return lines.map((event) => ({ timestamp: at, event, level: task.state === "failed" ? "error" : "info" }));
}

export async function startFakeAirflow(opts: { token?: string; dag?: string; outcome?: AirflowOutcome; port?: number } = {}): Promise<FakeAirflow> {
  const token = opts.token ?? "fake-airflow-token";
  const dag = opts.dag ?? "storematch_run";
  const runs = new Map<string, FakeDagRun>();
  const requests: RecordedRequest[] = [];
  const fake = { token, dag, outcome: opts.outcome ?? "success", maxPage: 100, requests, runs } as FakeAirflow;

  const handle = async (req: IncomingMessage): Promise<[number, unknown]> => {
    const u = new URL(req.url ?? "/", "http://127.0.0.1");
    const text = await readBody(req);
    const method = req.method ?? "GET";
    requests.push({ method, path: u.pathname, query: Object.fromEntries(u.searchParams), body: parseOrText(text) });
    if (req.headers.authorization !== `Bearer ${token}`) throw new HttpError(401, "Not authenticated");
    const p = u.pathname.split("/").map(decodeURIComponent);
    // ['', 'api', 'v2', 'dags', dag, 'dagRuns', runId?, 'taskInstances'?, taskId?, 'logs'?, try?]
    if (p[1] !== "api" || p[2] !== "v2" || p[3] !== "dags" || p[5] !== "dagRuns") throw new HttpError(404, `no route ${method} ${u.pathname}`);
    if (p[4] !== dag) throw new HttpError(404, `The Dag with ID: \`${p[4]}\` was not found`);
    if (p.length === 6) {
      if (method !== "POST") throw new HttpError(405, "Method Not Allowed");
      const b = jsonBody(req, text);
      checkTrigger(b);
      const id = (b.dag_run_id as string | undefined) ?? `manual__${now()}`;
      if (runs.has(id)) throw new HttpError(409, `DAG run ${id} already exists`);
      const run: FakeDagRun = {
        dagRunId: id, conf: b.conf as Record<string, unknown>, outcome: fake.outcome, state: "queued", step: 0, polls: 0, patchedTo: null,
        tasks: TASKS.map((t) => ({ task_id: t, state: null, try_number: 0, start_date: null, end_date: null })),
      };
      runs.set(id, run);
      return [200, dagRunJson(dag, run)];
    }
    const run = runs.get(p[6]!);
    if (!run) throw new HttpError(404, `The DagRun with dag_id: \`${dag}\` and run_id: \`${p[6]}\` was not found`);
    if (p.length === 7) {
      if (method === "GET") {
        if (run.polls++ > 0) advance(fake, run); // the first look sees it queued
        return [200, dagRunJson(dag, run)];
      }
      if (method === "PATCH") {
        const b = jsonBody(req, text);
        const extra = Object.keys(b).filter((k) => k !== "state" && k !== "note");
        if (extra.length) throw new HttpError(422, `Extra inputs are not permitted: ${extra.join(", ")}`);
        if (!["queued", "success", "failed"].includes(b.state as string)) throw new HttpError(422, "state must be one of queued, success, failed");
        if (b.state === "failed") {
          // Airflow marks the running tasks failed and the ones not started skipped.
          for (const t of run.tasks) if (t.state === "running") setTask(run, t.task_id, "failed");
          for (const t of run.tasks) if (t.state === null) setTask(run, t.task_id, "skipped");
          run.state = "failed";
        }
        run.patchedTo = b.state as string;
        return [200, dagRunJson(dag, run)];
      }
      throw new HttpError(405, "Method Not Allowed");
    }
    if (p[7] !== "taskInstances" || method !== "GET") throw new HttpError(404, `no route ${method} ${u.pathname}`);
    if (p.length === 8) {
      const asked = Number(u.searchParams.get("limit") ?? 50);
      const offset = Number(u.searchParams.get("offset") ?? 0);
      if (!Number.isInteger(asked) || asked < 1 || !Number.isInteger(offset) || offset < 0) throw new HttpError(422, "limit must be a positive integer, offset >= 0");
      const limit = Math.min(asked, fake.maxPage); // Airflow caps a page at its maximum_page_limit
      const tis = run.tasks.slice(offset, offset + limit).map((t) => ({
        ...t, dag_id: dag, dag_run_id: run.dagRunId, map_index: -1,
        duration: t.start_date && t.end_date ? (Date.parse(t.end_date) - Date.parse(t.start_date)) / 1000 : null,
      }));
      return [200, { task_instances: tis, total_entries: run.tasks.length }];
    }
    const task = run.tasks.find((t) => t.task_id === p[8]);
    if (!task) throw new HttpError(404, `task ${p[8]} not in ${run.dagRunId}`);
    if (p[9] !== "logs" || p.length !== 11) throw new HttpError(404, `no route ${method} ${u.pathname}`);
    if (Number(p[10]) !== task.try_number || task.try_number < 1) throw new HttpError(404, `TaskInstance ${task.task_id} has no try ${p[10]}`);
    return [200, { content: logContent(run, task), continuation_token: null }];
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    handle(req)
      .then(([status, body]) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      })
      .catch((e: unknown) => {
        const status = e instanceof HttpError ? e.status : 500;
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify({ detail: (e as Error).message }));
      });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, "127.0.0.1", resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () => new Promise((resolve) => server.close(() => resolve()));
  return fake;
}

// `npx tsx tests/fakes/airflow-server.ts --port 8081 [--token T] [--dag D] [--outcome success|fail|hold]`
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const fake = await startFakeAirflow({ port: Number(arg("port") ?? 8081), token: arg("token"), dag: arg("dag"), outcome: arg("outcome") as AirflowOutcome | undefined });
  console.log(`fake Airflow (a stand-in for the real API) on ${fake.url}, DAG ${fake.dag}, outcome ${fake.outcome}; use:`);
  console.log(`  STOREMATCH_LAUNCHER=airflow STOREMATCH_AIRFLOW_URL=${fake.url} STOREMATCH_AIRFLOW_TOKEN=${fake.token} STOREMATCH_AIRFLOW_DAG=${fake.dag}`);
  process.on("SIGINT", () => void fake.close().then(() => process.exit(0)));
  process.on("SIGTERM", () => void fake.close().then(() => process.exit(0)));
}
