import type { Config } from "../config";
import { launcherFor } from "../runner/launchers";
import { fail, firstLine, ok, type CheckResult } from "./check";

const NAME = "launcher";

interface Probe {
  label: string;
  url: string;
  token: string;
  urlVar: string;
  tokenVar: string;
  headers?: Record<string, string>;
}

/** GET with the bearer token and a short timeout: the JSON body, or a failed check that says what to fix. */
async function get(p: Probe, timeoutMs: number): Promise<{ status: number; body: Record<string, unknown> } | CheckResult> {
  let res: Response;
  try {
    res = await fetch(p.url, { headers: { authorization: `Bearer ${p.token}`, accept: "application/json", ...p.headers }, redirect: "follow", signal: AbortSignal.timeout(timeoutMs) });
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause?.code;
    const why = cause ?? ((e as Error).name === "TimeoutError" ? `no answer within ${Math.round(timeoutMs / 1000)}s` : firstLine(e));
    return fail(NAME, `${p.label}: GET ${p.url} is unreachable (${why})`, `check ${p.urlVar} and that the server is up and reachable from here`);
  }
  const text = await res.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    /* not JSON: reported below when the status is not 2xx */
  }
  if (res.status === 401 || res.status === 403) return fail(NAME, `${p.label}: the token was refused (${res.status}) on GET ${p.url}`, `check ${p.tokenVar} (valid, not expired, with the permission the README lists)`);
  return { status: res.status, body };
}

const isResult = (x: unknown): x is CheckResult => typeof x === "object" && x !== null && "status" in x && "name" in x && typeof (x as CheckResult).status === "string" && ["ok", "info", "fail"].includes((x as CheckResult).status);

/**
 * STOREMATCH_LAUNCHER's settings are complete, and for a remote launcher its API answers with the
 * token: Airflow's DAG (GET /api/v2/dags/{dag}: exists, not paused), GitHub's workflow
 * (GET /repos/{repo}/actions/workflows/{workflow}: exists, active).
 */
export async function checkLauncher(config: Config, timeoutMs: number): Promise<CheckResult> {
  const l = config.launcher;
  try {
    launcherFor(config);
  } catch (e) {
    const missing = /needs (.*) \(not set\)/.exec(firstLine(e))?.[1];
    return fail(NAME, `${l.name}: ${firstLine(e)}`, missing ? `set ${missing}` : "check the STOREMATCH_LAUNCHER settings (README, \"Deploying for a team\")");
  }
  if (l.name === "local") return ok(NAME, "local: dbt runs on this machine, from the venv above");

  if (l.name === "airflow") {
    const base = l.airflow.url!.replace(/\/+$/, "");
    const dag = l.airflow.dag!;
    const r = await get({ label: `Airflow at ${base}`, url: `${base}/api/v2/dags/${encodeURIComponent(dag)}`, token: l.airflow.token!, urlVar: "STOREMATCH_AIRFLOW_URL", tokenVar: "STOREMATCH_AIRFLOW_TOKEN" }, timeoutMs);
    if (isResult(r)) return r;
    if (r.status === 404) return fail(NAME, `airflow: Airflow at ${base} has no DAG "${dag}"`, "set STOREMATCH_AIRFLOW_DAG to the DAG id (storematch_run), or deploy infra/airflow/dags");
    if (r.status < 200 || r.status > 299) return fail(NAME, `airflow: Airflow at ${base} answered ${r.status} on GET /api/v2/dags/${dag}`, "check STOREMATCH_AIRFLOW_URL (the Airflow 3 API server's base URL)");
    if (r.body.is_paused === true) return fail(NAME, `airflow: DAG "${dag}" at ${base} is paused: runs would wait forever`, `unpause it: \`airflow dags unpause ${dag}\``);
    return ok(NAME, `airflow: DAG "${dag}" at ${base} answers${r.body.is_paused === false ? " (not paused)" : ""}`);
  }

  // A launcher without an API of its own to call (e.g. one that runs inside the warehouse): its settings were checked above.
  if (l.name !== "github") return ok(NAME, `${String(l.name)}: its settings are complete`);
  const api = l.github.apiUrl.replace(/\/+$/, "");
  const [owner, name] = l.github.repo!.split("/");
  const wf = l.github.workflow!;
  const path = `/repos/${encodeURIComponent(owner!)}/${encodeURIComponent(name!)}/actions/workflows/${encodeURIComponent(wf)}`;
  const r = await get({ label: `GitHub at ${api}`, url: api + path, token: l.github.token!, urlVar: "STOREMATCH_GITHUB_API_URL", tokenVar: "STOREMATCH_GITHUB_TOKEN", headers: { accept: "application/vnd.github+json", "x-github-api-version": "2022-11-28" } }, timeoutMs);
  if (isResult(r)) return r;
  if (r.status === 404) return fail(NAME, `github: no workflow "${wf}" in ${l.github.repo} (or the token cannot see the repository)`, "check STOREMATCH_GITHUB_REPO and STOREMATCH_GITHUB_WORKFLOW (storematch-run.yml), and the token's repository access");
  if (r.status < 200 || r.status > 299) return fail(NAME, `github: GitHub at ${api} answered ${r.status} on GET ${path}`, "check STOREMATCH_GITHUB_API_URL");
  if (typeof r.body.state === "string" && r.body.state !== "active") return fail(NAME, `github: workflow "${wf}" in ${l.github.repo} is ${r.body.state}`, `enable it: \`gh workflow enable ${wf} -R ${l.github.repo}\``);
  return ok(NAME, `github: workflow "${wf}" in ${l.github.repo} answers (${typeof r.body.state === "string" ? r.body.state : "found"})`);
}
