// Stand-in for the real GitHub REST API (Actions: workflow_dispatch, workflow runs, jobs, logs, cancel), which cannot be reached here: a loopback HTTP server that checks the requests and plays scripted run states.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";

/** success: queued → in_progress → completed/success; fail: the dbt step fails; hold: stays in_progress until cancelled. */
export type GitHubOutcome = "success" | "fail" | "hold";

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
}

interface Step {
  name: string;
  number: number;
  status: "queued" | "in_progress" | "completed";
  conclusion: string | null;
}

export interface FakeWorkflowRun {
  id: number;
  name: string;
  inputs: Record<string, string>;
  ref: string;
  outcome: GitHubOutcome;
  status: "queued" | "in_progress" | "completed";
  conclusion: string | null;
  step: number;
  /** GETs of the run so far: each one after the first plays one step. */
  polls: number;
  createdAt: string;
  jobStarted: string | null;
  jobCompleted: string | null;
  steps: Step[];
  cancelRequested: boolean;
}

export interface FakeGitHub {
  url: string;
  token: string;
  repo: string;
  workflow: string;
  /** Outcome of the runs dispatched from now on. */
  outcome: GitHubOutcome;
  /** Answer dispatches with 204 and no run id (as GitHub Enterprise Server before return_run_details). */
  legacyDispatch: boolean;
  requests: RecordedRequest[];
  runs: Map<number, FakeWorkflowRun>;
  close(): Promise<void>;
}

const JOB = "dbt";
const STEPS = ["Set up job", "Load scope", "dbt build", "Publish version", "Complete job"];
// The inputs of .github/workflows/storematch-run.yml.
const INPUTS = ["kind", "storematch_run_id", "scope"];
const now = () => new Date().toISOString().replace(/\.\d+Z$/, "Z");

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

/** The checks GitHub makes on a dispatch, plus the inputs storematch's workflow declares. */
function checkDispatch(req: IncomingMessage, text: string): { ref: string; inputs: Record<string, string>; details: boolean } {
  if (!/^application\/json\b/.test(req.headers["content-type"] ?? "")) throw new HttpError(415, "Content-Type must be application/json");
  const b = parseOrText(text) as Record<string, unknown> | null;
  if (!b || typeof b !== "object") throw new HttpError(400, "Problems parsing JSON");
  const extra = Object.keys(b).filter((k) => !["ref", "inputs", "return_run_details"].includes(k));
  if (extra.length) throw new HttpError(422, `Invalid request: ${extra.join(", ")} is not a permitted key`);
  if (typeof b.ref !== "string" || !b.ref) throw new HttpError(422, "Invalid request: ref is required");
  if (b.return_run_details !== undefined && typeof b.return_run_details !== "boolean") throw new HttpError(422, "return_run_details must be a boolean");
  const inputs = (b.inputs ?? {}) as Record<string, unknown>;
  const unexpected = Object.keys(inputs).filter((k) => !INPUTS.includes(k));
  if (unexpected.length) throw new HttpError(422, `Unexpected inputs provided: ${JSON.stringify(unexpected)}`);
  for (const k of INPUTS) if (typeof inputs[k] !== "string") throw new HttpError(422, `Required input '${k}' not provided (inputs are strings)`);
  if (inputs.kind !== "TARGETED" && inputs.kind !== "FULL_REFRESH") throw new HttpError(422, "input kind must be one of TARGETED, FULL_REFRESH");
  let scope: unknown;
  try {
    scope = JSON.parse(inputs.scope as string);
  } catch {
    throw new HttpError(422, "input scope must be JSON");
  }
  if (!Array.isArray(scope) || !scope.every((t: Record<string, unknown>) => Number.isInteger(t.trigger_id) && (t.source === "gi" || t.source === "th") && typeof t.store_id === "string")) {
    throw new HttpError(422, "input scope must be a JSON list of {trigger_id, source, store_id}");
  }
  return { ref: b.ref, inputs: inputs as Record<string, string>, details: b.return_run_details === true };
}

function setStep(run: FakeWorkflowRun, name: string, status: Step["status"], conclusion: string | null = null): void {
  const s = run.steps.find((x) => x.name === name)!;
  s.status = status;
  s.conclusion = conclusion;
}

function finish(run: FakeWorkflowRun, conclusion: string): void {
  for (const s of run.steps) if (s.status !== "completed") { s.status = "completed"; s.conclusion = s.name === "Complete job" ? "success" : "skipped"; }
  run.status = "completed";
  run.conclusion = conclusion;
  run.jobCompleted = now();
}

/** One step of the script, played on each GET of the run. */
function advance(run: FakeWorkflowRun): void {
  if (run.status === "completed") return;
  if (run.cancelRequested) {
    setStep(run, "dbt build", "completed", "cancelled");
    return finish(run, "cancelled");
  }
  if (run.outcome === "hold" && run.step >= 2) return;
  run.step++;
  switch (run.step) {
    case 1:
      run.status = "in_progress";
      run.jobStarted = now();
      setStep(run, "Set up job", "completed", "success");
      setStep(run, "Load scope", "in_progress");
      break;
    case 2:
      setStep(run, "Load scope", "completed", "success");
      setStep(run, "dbt build", "in_progress");
      break;
    case 3:
      if (run.outcome === "fail") {
        setStep(run, "dbt build", "completed", "failure");
        return finish(run, "failure");
      }
      setStep(run, "dbt build", "completed", "success");
      setStep(run, "Publish version", "in_progress");
      break;
    default:
      setStep(run, "Publish version", "completed", "success");
      setStep(run, "Complete job", "completed", "success");
      finish(run, "success");
  }
}

export async function startFakeGitHub(opts: { token?: string; repo?: string; workflow?: string; outcome?: GitHubOutcome; port?: number } = {}): Promise<FakeGitHub> {
  const token = opts.token ?? "fake-github-token";
  const repo = opts.repo ?? "acme/storematch";
  const workflow = opts.workflow ?? "storematch-run.yml";
  const runs = new Map<number, FakeWorkflowRun>();
  const requests: RecordedRequest[] = [];
  const fake = { token, repo, workflow, outcome: opts.outcome ?? "success", legacyDispatch: false, requests, runs } as FakeGitHub;
  let nextId = 9000;

  const runJson = (r: FakeWorkflowRun) => ({
    id: r.id, name: r.name, display_title: r.name, event: "workflow_dispatch", status: r.status, conclusion: r.conclusion,
    head_branch: r.ref, created_at: r.createdAt, html_url: `${fake.url}/${repo}/actions/runs/${r.id}`, url: `${fake.url}/repos/${repo}/actions/runs/${r.id}`,
  });
  const jobJson = (r: FakeWorkflowRun) => ({
    id: r.id * 10, run_id: r.id, name: JOB, status: r.status, conclusion: r.conclusion, started_at: r.jobStarted, completed_at: r.jobCompleted,
    steps: r.steps.map((s) => ({ ...s, started_at: null, completed_at: null })),
  });

  const handle = async (req: IncomingMessage): Promise<[number, unknown, Record<string, string>?]> => {
    const u = new URL(req.url ?? "/", "http://127.0.0.1");
    const text = await readBody(req);
    const method = req.method ?? "GET";
    requests.push({ method, path: u.pathname, query: Object.fromEntries(u.searchParams), body: parseOrText(text) });
    // The signed download URL a job's log redirects to: no token (GitHub's is pre-signed).
    const blob = /^\/_blob\/job-logs\/(\d+)$/.exec(u.pathname);
    if (blob && method === "GET") {
      const r = runs.get(Number(blob[1]) / 10);
      if (!r) throw new HttpError(404, "Not Found");
      const lines = r.steps.filter((s) => s.status === "completed").map((s) => `${now()} ##[group]${s.name}: ${s.conclusion}`);
      if (r.steps.find((s) => s.name === "dbt build")?.conclusion === "failure") lines.push(`${now()} Database Error in model int_pairs_scored: out of memory`);
      return [200, lines.join("\n") + "\n", { "content-type": "text/plain" }];
    }
    if (req.headers.authorization !== `Bearer ${token}`) throw new HttpError(401, "Bad credentials");
    if (req.headers.accept !== "application/vnd.github+json") throw new HttpError(415, "Accept must be application/vnd.github+json");
    if (req.headers["x-github-api-version"] !== "2022-11-28") throw new HttpError(400, "X-GitHub-Api-Version must be 2022-11-28");
    const prefix = `/repos/${repo}/actions`;
    if (!u.pathname.startsWith(prefix + "/")) throw new HttpError(404, "Not Found");
    const rest = u.pathname.slice(prefix.length).split("/").map(decodeURIComponent);
    // /workflows/{wf}/dispatches | /workflows/{wf}/runs | /runs/{id} | /runs/{id}/jobs | /runs/{id}/cancel | /jobs/{id}/logs
    if (rest[1] === "workflows") {
      if (rest[2] !== workflow) throw new HttpError(404, `Not Found: no workflow ${rest[2]}`);
      if (rest[3] === "dispatches" && rest.length === 4 && method === "POST") {
        const d = checkDispatch(req, text);
        const id = nextId++;
        const run: FakeWorkflowRun = {
          id, name: `storematch run ${d.inputs.storematch_run_id} (${d.inputs.kind})`, inputs: d.inputs, ref: d.ref, outcome: fake.outcome, status: "queued", conclusion: null, step: 0, polls: 0,
          createdAt: now(), jobStarted: null, jobCompleted: null, cancelRequested: false,
          steps: STEPS.map((name, i) => ({ name, number: i + 1, status: "queued", conclusion: null })),
        };
        runs.set(id, run);
        if (d.details && !fake.legacyDispatch) return [200, { workflow_run_id: id, run_url: runJson(run).url, html_url: runJson(run).html_url }];
        return [204, null];
      }
      if (rest[3] === "runs" && rest.length === 4 && method === "GET") {
        if (u.searchParams.get("event") !== "workflow_dispatch") throw new HttpError(422, "expected event=workflow_dispatch");
        const created = /^>=(.+)$/.exec(u.searchParams.get("created") ?? "");
        if (!created || Number.isNaN(Date.parse(created[1]!))) throw new HttpError(422, "expected created=>=<date-time>");
        const list = [...runs.values()].filter((r) => r.createdAt >= created[1]!).reverse().map(runJson);
        return [200, { total_count: list.length, workflow_runs: list }];
      }
      throw new HttpError(404, "Not Found");
    }
    if (rest[1] === "runs") {
      const run = runs.get(Number(rest[2]));
      if (!run) throw new HttpError(404, "Not Found");
      if (rest.length === 3 && method === "GET") {
        if (run.polls++ > 0) advance(run); // the first look sees it queued
        return [200, runJson(run)];
      }
      if (rest[3] === "jobs" && rest.length === 4 && method === "GET") return [200, { total_count: 1, jobs: run.status === "queued" ? [] : [jobJson(run)] }];
      if (rest[3] === "cancel" && rest.length === 4 && method === "POST") {
        if (run.status === "completed") throw new HttpError(409, "Cannot cancel a workflow run that is completed.");
        run.cancelRequested = true;
        return [202, {}];
      }
      throw new HttpError(404, "Not Found");
    }
    if (rest[1] === "jobs" && rest[3] === "logs" && rest.length === 4 && method === "GET") {
      const run = runs.get(Number(rest[2]) / 10);
      if (!run) throw new HttpError(404, "Not Found");
      return [302, null, { location: `${fake.url}/_blob/job-logs/${rest[2]}` }];
    }
    throw new HttpError(404, "Not Found");
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    handle(req)
      .then(([status, body, headers]) => {
        const type = headers?.["content-type"] ?? "application/json";
        res.writeHead(status, { "content-type": type, ...headers });
        res.end(body === null ? undefined : typeof body === "string" ? body : JSON.stringify(body));
      })
      .catch((e: unknown) => {
        const status = e instanceof HttpError ? e.status : 500;
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify({ message: (e as Error).message, documentation_url: "https://docs.github.com/rest" }));
      });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, "127.0.0.1", resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () => new Promise((resolve) => server.close(() => resolve()));
  return fake;
}

// `npx tsx tests/fakes/github-server.ts --port 8082 [--token T] [--outcome success|fail|hold] [--legacy]`
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const fake = await startFakeGitHub({ port: Number(arg("port") ?? 8082), token: arg("token"), outcome: arg("outcome") as GitHubOutcome | undefined });
  fake.legacyDispatch = process.argv.includes("--legacy");
  console.log(`fake GitHub API (a stand-in for the real API) on ${fake.url}, repo ${fake.repo}, workflow ${fake.workflow}, outcome ${fake.outcome}; use:`);
  console.log(`  STOREMATCH_LAUNCHER=github STOREMATCH_GITHUB_API_URL=${fake.url} STOREMATCH_GITHUB_REPO=${fake.repo} STOREMATCH_GITHUB_WORKFLOW=${fake.workflow} STOREMATCH_GITHUB_TOKEN=${fake.token}`);
  process.on("SIGINT", () => void fake.close().then(() => process.exit(0)));
  process.on("SIGTERM", () => void fake.close().then(() => process.exit(0)));
}
