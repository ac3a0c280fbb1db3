import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { paths, type Config } from "../config";
import { freeBytes } from "../runner/space";
import { childEnv } from "../workspace-files";
import { fail, firstLine, ok, type CheckResult } from "./check";

const SETUP = "run `bash scripts/setup.sh` (or `npm run setup`)";

/** Node: at least the version package.json's engines asks for. */
export function checkNode(config: Config, version = process.versions.node): CheckResult {
  const engines = (JSON.parse(readFileSync(join(config.root, "package.json"), "utf8")) as { engines?: { node?: string } }).engines?.node ?? "";
  const min = /^>=\s*(\d+)\.(\d+)\.(\d+)$/.exec(engines.trim());
  if (!min) return ok("node", `Node ${version}`);
  const have = version.split(".").map(Number);
  const want = min.slice(1).map(Number);
  const cmp = have[0]! - want[0]! || have[1]! - want[1]! || have[2]! - want[2]!;
  return cmp >= 0 ? ok("node", `Node ${version} (needs ${engines})`) : fail("node", `Node ${version} is too old (needs ${engines})`, `install Node ${want.join(".")} or newer`);
}

const PROBE = [
  "import sys, importlib.metadata as m",
  "def v(p):",
  "    try: return m.version(p)",
  "    except Exception: return '-'",
  "print(sys.version.split()[0], v('dbt-core'), v('dbt-duckdb'), v('dbt-snowflake'))",
].join("\n");

/** The project's Python venv: Python 3.11, dbt-core and the adapter of the configured warehouse, installed from today's dbt/requirements.txt. */
export async function checkVenv(config: Config, timeoutMs: number): Promise<CheckResult> {
  const python = join(config.venvDir, "bin", "python");
  if (!existsSync(python)) return fail("python venv", `no Python venv at ${config.venvDir}`, SETUP + " (or set STOREMATCH_VENV to an existing venv)");
  let out: string;
  try {
    out = await new Promise<string>((resolve, reject) =>
      execFile(python, ["-c", PROBE], { env: childEnv(), timeout: timeoutMs, encoding: "utf8" }, (err, stdout, stderr) =>
        err ? reject(new Error((stderr || err.message).trim())) : resolve(stdout.trim())),
    );
  } catch (e) {
    return fail("python venv", `${python} does not run: ${firstLine(e)}`, SETUP);
  }
  const [py = "?", core = "-", duck = "-", snow = "-"] = out.split(/\s+/);
  const adapter = config.warehouse === "snowflake" ? ["dbt-snowflake", snow] : ["dbt-duckdb", duck];
  const found = `Python ${py}, dbt-core ${core}, ${adapter[0]} ${adapter[1]}`;
  if (!py.startsWith("3.11.")) return fail("python venv", `${found}: dbt's pins are for Python 3.11`, `${SETUP} with PYTHON=/path/to/python3.11`);
  if (core === "-" || adapter[1] === "-" || !existsSync(paths(config).dbtBin)) return fail("python venv", `${found} in ${config.venvDir}: dbt or its adapter is missing`, SETUP);
  // setup.sh stamps the venv with the hash of the requirements it installed.
  const req = join(config.dbtDir, "requirements.txt");
  const stamp = join(config.venvDir, ".storematch-requirements");
  if (existsSync(req) && existsSync(stamp)) {
    const want = createHash("sha256").update(readFileSync(req)).digest("hex");
    if (readFileSync(stamp, "utf8").trim() !== want) return fail("python venv", `${found}, installed from an older dbt/requirements.txt`, SETUP);
  }
  return ok("python venv", found);
}

/** Room in the data directory: a run writes the warehouse, snapshots and dbt's logs there. */
export const MIN_FREE_BYTES = 1024 ** 3;

export function checkDisk(config: Config, min = MIN_FREE_BYTES): CheckResult {
  let dir = config.dataDir;
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  const free = freeBytes(dir);
  const where = dir === config.dataDir ? config.dataDir : `${config.dataDir} (not created yet; on ${dir})`;
  if (free === null) return fail("disk", `cannot read the free space of ${where}`, "check that STOREMATCH_DATA_DIR is readable");
  const gib = (b: number) => `${(b / 1024 ** 3).toFixed(1)} GiB`;
  if (free < min) return fail("disk", `${gib(free)} free in ${where}, less than ${gib(min)}`, "free some space there, or set STOREMATCH_DATA_DIR to a larger disk");
  return ok("disk", `${gib(free)} free in ${where}`);
}
