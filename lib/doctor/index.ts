import { loadConfig } from "../config";
import { checkDisk, checkNode, checkVenv } from "./basics";
import { fail, firstLine, type CheckResult } from "./check";
import { checkControlPlane } from "./control-plane";
import { checkDbtProfile } from "./dbt-profile";
import { checkLauncher } from "./launcher";
import { checkWarehouse } from "./warehouse";

export type { CheckResult, CheckStatus } from "./check";

export interface DoctorReport {
  /** True when no check failed (info lines, like a workspace not built yet, do not fail). */
  ok: boolean;
  checks: CheckResult[];
}

export interface DoctorOptions {
  /** Connections and HTTP calls (Snowflake, PostgreSQL, Airflow, GitHub). */
  connectTimeoutMs?: number;
  /** `dbt debug` (it starts Python and dbt: seconds on a busy machine). */
  dbtTimeoutMs?: number;
}

const SECRET_VARS = ["SNOWFLAKE_PASSWORD", "SNOWFLAKE_PRIVATE_KEY_PASSPHRASE", "STOREMATCH_AIRFLOW_TOKEN", "STOREMATCH_GITHUB_TOKEN", "NEXTAUTH_SECRET", "STOREMATCH_OIDC_CLIENT_SECRET"];

/** Every secret value of the environment (and DATABASE_URL's password), to be masked in whatever doctor prints. */
function secretsOf(env: Record<string, string | undefined>): string[] {
  const out = SECRET_VARS.map((k) => env[k]).filter((v): v is string => Boolean(v && v.length >= 4));
  try {
    const pw = env.DATABASE_URL ? new URL(env.DATABASE_URL).password : "";
    if (pw.length >= 4) out.push(pw, decodeURIComponent(pw));
  } catch {
    /* an unparsable URL is reported by the config check */
  }
  return [...new Set(out)].sort((a, b) => b.length - a.length);
}

function mask(c: CheckResult, secrets: string[]): CheckResult {
  const m = (s: string) => secrets.reduce((acc, x) => acc.split(x).join("***"), s);
  return { ...c, message: m(c.message), ...(c.remedy !== undefined ? { remedy: m(c.remedy) } : {}) };
}

/**
 * Check what a run needs, in the configured setup (env): Node, the dbt venv, free disk, the
 * warehouse, the dbt profile, the control plane and the launcher. Reads only: it creates no
 * workspace, applies no migration and starts no run.
 */
export async function runDoctor(env: Record<string, string | undefined>, opts: DoctorOptions = {}): Promise<DoctorReport> {
  const connectMs = opts.connectTimeoutMs ?? 10_000;
  const dbtMs = opts.dbtTimeoutMs ?? 120_000;
  const secrets = secretsOf(env);
  let config;
  try {
    config = loadConfig(env);
  } catch (e) {
    const v = /invalid environment variable (\w+)/.exec(firstLine(e))?.[1];
    const checks = [fail("configuration", firstLine(e), v ? `fix ${v} (or unset it for the default)` : "fix the STOREMATCH_* environment variables")];
    return { ok: false, checks: checks.map((c) => mask(c, secrets)) };
  }
  const node = checkNode(config);
  const disk = checkDisk(config);
  const [venv, warehouse, control, launcher] = await Promise.all([
    checkVenv(config, connectMs),
    checkWarehouse(config, connectMs),
    checkControlPlane(config, connectMs),
    checkLauncher(config, connectMs),
  ]);
  const skip = venv.status === "fail" ? "the Python venv is not usable" : config.warehouse === "snowflake" && warehouse.status === "fail" ? "the warehouse does not answer" : undefined;
  const profile = await checkDbtProfile(config, dbtMs, skip);
  const checks = [node, venv, disk, warehouse, profile, control, launcher].map((c) => mask(c, secrets));
  return { ok: checks.every((c) => c.status !== "fail"), checks };
}

const SYMBOL = { tty: { ok: "✓", info: "–", fail: "✗" }, plain: { ok: "[ok]  ", info: "[--]  ", fail: "[FAIL]" } } as const;

/** The report as lines: one per check (✓ ok, – nothing to check yet, ✗ failed → what to do); plain ASCII markers when not a terminal. */
export function formatReport(r: DoctorReport, tty: boolean): string[] {
  const width = Math.max(...r.checks.map((c) => c.name.length));
  const colour = (s: string, status: CheckResult["status"]) => (tty ? `\x1b[${status === "ok" ? 32 : status === "fail" ? 31 : 33}m${s}\x1b[0m` : s);
  const lines = r.checks.map((c) => {
    const mark = colour(SYMBOL[tty ? "tty" : "plain"][c.status], c.status);
    const remedy = c.remedy ? (tty ? ` → ${c.remedy}` : ` -- ${c.status === "fail" ? "fix" : "next"}: ${c.remedy}`) : "";
    return `${mark} ${c.name.padEnd(width)}  ${c.message}${remedy}`;
  });
  const failed = r.checks.filter((c) => c.status === "fail").length;
  lines.push(failed ? `${failed} of ${r.checks.length} checks failed` : `all ${r.checks.length} checks passed${r.checks.some((c) => c.status === "info") ? ` (${tty ? "–" : "[--]"}: nothing to check yet)` : ""}`);
  return lines;
}
