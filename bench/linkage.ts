// Shared by bench/quality.ts and bench/peer.ts (not a test): one storematch pipeline on generated
// files, its quality against the truth, and the peak memory of a process tree.
import { execSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadConfig, paths, type Config } from "../lib/config";
import { queryRows, sqlString, withWarehouseReadOnly } from "../lib/warehouse/duckdb/db";
import { generate, writeGenerated, type GeneratedData } from "../lib/generate/generate";
import { ingest } from "../lib/ingest/ingest";
import { pairsCompleteness, quality, type PairsCompleteness, type Quality } from "../lib/quality";
import { executeRun, requestRun } from "../lib/runner/queue";

export const arg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1]! : dflt;
};
export const flag = (name: string) => process.argv.includes(name);
export const list = (name: string, dflt: string) => arg(name, dflt).split(",").map((s) => s.trim()).filter(Boolean);
export const fmt = (n: number) => n.toLocaleString("en-US");
export const log = (m: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${m}`);

/** Column sets of the "works with any subset of the optional columns" acceptance. */
export const SUBSETS: Record<string, string[]> = {
  "all columns": [],
  "name + address": ["postcode", "city", "country", "lat", "lon", "phone"],
  "name + address, postcode, city": ["country", "lat", "lon", "phone"],
  "name + phone": ["address", "postcode", "city", "country", "lat", "lon"],
  "no coordinates": ["lat", "lon"],
};

export interface Generated {
  dir: string;
  gi: string;
  th: string;
  truth: string;
  data: GeneratedData;
  seconds: number;
}

export function generateFiles(dir: string, stores: number, profile: string, drop: string[], seed = 42): Generated {
  const t0 = performance.now();
  const data = generate({ stores, seed, profile });
  writeGenerated(data, dir, drop);
  return { dir, gi: join(dir, "gi.csv"), th: join(dir, "th.csv"), truth: join(dir, "truth.csv"), data, seconds: (performance.now() - t0) / 1000 };
}

export interface StorematchResult {
  quality: Quality;
  pairs: PairsCompleteness;
  /** Why the missed true pairs were missed: the GI store's failure reason, top 4. */
  missed: string;
  ingestSeconds: number;
  runSeconds: number;
}

/** ingest → full dbt build (through the library, as `storematch run` does) → quality and pairs completeness. */
export async function runStorematch(dataDir: string, files: Generated): Promise<StorematchResult> {
  const config = loadConfig({ ...process.env, STOREMATCH_DATA_DIR: dataDir });
  const t0 = performance.now();
  await ingest(config, files.gi, files.th);
  const t1 = performance.now();
  const run = await executeRun(config, (await requestRun(config, "FULL_REFRESH", "bench", "bench/quality")).id);
  const t2 = performance.now();
  if (run.status !== "SUCCEEDED") throw new Error(`run ${run.status}: ${run.summary}`);
  const q = await quality(config, files.truth, "latest");
  // No run holds the warehouse now: the bench opens it read-only (the console never does).
  const pairs = await pairsCompleteness(config, files.truth);
  return { quality: q, pairs, missed: await missedReasons(config, files.truth), ingestSeconds: (t1 - t0) / 1000, runSeconds: (t2 - t1) / 1000 };
}

/** Precision, recall and F1 of predicted pairs against truth pairs. */
export function scorePairs(predicted: [string, string][], truth: [string, string][]): Quality {
  const t = new Set(truth.map(([g, h]) => `${g}\u0000${h}`));
  const p = new Set(predicted.map(([g, h]) => `${g}\u0000${h}`));
  let tp = 0;
  for (const k of p) if (t.has(k)) tp++;
  const precision = p.size === 0 ? 0 : tp / p.size;
  const recall = t.size === 0 ? 0 : tp / t.size;
  return { truePositives: tp, predicted: p.size, truth: t.size, precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
}

const PAGE = 4096;

function rssOf(pid: number): number {
  try {
    return Number(readFileSync(`/proc/${pid}/statm`, "utf8").split(" ")[1]) * PAGE;
  } catch {
    return 0;
  }
}

function children(): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (const e of readdirSync("/proc")) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = readFileSync(`/proc/${e}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (!out.has(ppid)) out.set(ppid, []);
      out.get(ppid)!.push(Number(e));
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}

/** Samples the resident memory of a process and all its descendants (summed) every interval; keeps the peak. */
export class TreeMemory {
  peakBytes = 0;
  private timer: NodeJS.Timeout;
  constructor(private readonly root: number, intervalMs = 100) {
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.sample();
  }

  sample(): void {
    const kids = children();
    let total = 0;
    const stack = [this.root];
    while (stack.length) {
      const pid = stack.pop()!;
      total += rssOf(pid);
      stack.push(...(kids.get(pid) ?? []));
    }
    this.peakBytes = Math.max(this.peakBytes, total);
  }

  stop(): number {
    clearInterval(this.timer);
    this.sample();
    return this.peakBytes;
  }
}

export const mib = (bytes: number) => `${fmt(Math.round(bytes / 2 ** 20))}`;

/** The last commit that changed dbt/: the model the figures measure. */
export function gitHead(): string {
  try {
    return execSync("git log -1 --format='%h %s' -- ../dbt", { cwd: import.meta.dirname, encoding: "utf8" }).trim().slice(0, 120);
  } catch {
    return "unknown";
  }
}

/**
 * The missed true pairs by the failure reason of their GI store (diagnostics), or "GI matched
 * elsewhere" when the GI store was matched to another TH store. Read-only, after the run.
 */
export async function missedReasons(config: Config, truthPath: string): Promise<string> {
  try {
    const rows = await withWarehouseReadOnly(paths(config).warehouseFile, (c) => queryRows<{ reason: string; n: number }>(
      c,
      `with truth as (select gi_id, th_id from read_csv(${sqlString(truthPath)}, header = true, all_varchar = true)),
      m as (select gi_id, th_id from gold.fct_store_matches where status = 'MATCHED'),
      missed as (select t.* from truth t anti join m using (gi_id, th_id))
      select coalesce(case when mg.gi_id is not null then 'GI matched elsewhere' end, d.failure_reason, 'unknown') as reason, count(*) as n
      from missed x
      left join diagnostics.diag_unmatched_stores d on d.source = 'gi' and d.store_id = x.gi_id
      left join m mg on mg.gi_id = x.gi_id
      group by 1 order by n desc, reason limit 4`,
    ));
    return rows.map((r) => `${r.reason} ${fmt(r.n)}`).join(", ");
  } catch (e) {
    return `n/a (${(e as Error).message.split("\n")[0]!.slice(0, 80)})`;
  }
}
