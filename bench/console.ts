// Console query latency on a version (not a test): p50/p95 in process, through the same
// VersionReader the console uses. Builds a workspace with --stores N unless --data-dir is given.
// Usage: npx tsx bench/console.ts [--stores 1090000 | --data-dir DIR] [--iterations 50] [--record]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../lib/config";
import { closeControl } from "../lib/control/db";
import { generate, writeGenerated } from "../lib/generate/generate";
import { ingest } from "../lib/ingest/ingest";
import { executeRun, requestRun } from "../lib/runner/queue";
import { failurePatterns, storeWithCandidates, unmatchedPage, versionReader } from "../lib/versions/reader";
import type { DuckVersionReader } from "../lib/warehouse/duckdb/reader";
import { record } from "./machine";

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const iterations = Number(arg("--iterations") ?? 50);
let dataDir = arg("--data-dir");
const stores = Number(arg("--stores") ?? 1_090_000);
let tmp: string | null = null;
if (!dataDir) {
  tmp = mkdtempSync(join(tmpdir(), "storematch-bench-console-"));
  dataDir = join(tmp, "data");
}
const config = loadConfig({ ...process.env, STOREMATCH_DATA_DIR: dataDir });
if (tmp) {
  console.log(`building a version of ${stores.toLocaleString("en-US")} generated stores in ${dataDir}`);
  writeGenerated(generate({ stores, seed: 42 }), join(tmp, "in"));
  await ingest(config, join(tmp, "in", "gi.csv"), join(tmp, "in", "th.csv"));
  const run = await executeRun(config, (await requestRun(config, "FULL_REFRESH", "bench", "bench/console")).id);
  if (run.status !== "SUCCEEDED") throw new Error(run.summary ?? run.status);
}

const t0 = performance.now();
// The local backend's reader (raw DuckDB queries pick the sample).
const reader = (await versionReader(config)) as DuckVersionReader;
const openMs = performance.now() - t0;
const [sizes] = await reader.query<{ gold: number; unmatched: number; candidates: number }>(`select
  (select count(*) from fct_store_matches) as gold, (select count(*) from diag_unmatched_stores) as unmatched,
  (select count(*) from diag_store_candidates) as candidates`);
const sample = await reader.query<{ source: "gi" | "th"; store_id: string }>(
  `select source, store_id from diag_unmatched_stores using sample ${iterations} rows (reservoir, 7)`);
const reasons = (await reader.query<{ r: string }>(`select distinct failure_reason as r from diag_unmatched_stores order by 1`)).map((x) => x.r);

async function measure(name: string, fn: (i: number) => Promise<unknown>) {
  await fn(0); // warm-up
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const s = performance.now();
    await fn(i);
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  const pct = (p: number) => times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)]!;
  const row = { name, p50: pct(50), p95: pct(95), max: times[times.length - 1]! };
  console.log(`${name.padEnd(44)} p50 ${row.p50.toFixed(1)} ms  p95 ${row.p95.toFixed(1)} ms  max ${row.max.toFixed(1)} ms`);
  return row;
}

console.log(`version ${reader.version}: ${sizes!.gold.toLocaleString("en-US")} gold rows, ${sizes!.unmatched.toLocaleString("en-US")} unmatched, ${sizes!.candidates.toLocaleString("en-US")} candidate rows; reader opened in ${openMs.toFixed(0)} ms`);
const dims = ["source", "country", "city", "brand", "name_token"] as const;
const results = [
  await measure("failure-pattern aggregates (one dimension)", (i) => failurePatterns(reader, dims[i % dims.length]!)),
  await measure("one store with its candidates", (i) => storeWithCandidates(reader, sample[i % sample.length]!.source, sample[i % sample.length]!.store_id)),
  await measure("page of unmatched stores filtered by reason", (i) => unmatchedPage(reader, { reason: reasons[i % reasons.length], page: 1 + (i % 20), pageSize: 50 })),
];
const ok = results.every((r) => r.p95 <= 100);
console.log(ok ? "all p95 ≤ 100 ms" : "some p95 ABOVE 100 ms");
await closeControl();

if (process.argv.includes("--record")) {
  record("bench/console: console queries on one version, in process", [
    `Command: \`npx tsx bench/console.ts ${tmp ? `--stores ${stores}` : "--data-dir …"} --iterations ${iterations} --record\`. Version ${reader.version}: ${sizes!.gold.toLocaleString("en-US")} gold rows, ${sizes!.unmatched.toLocaleString("en-US")} unmatched stores, ${sizes!.candidates.toLocaleString("en-US")} candidate rows. Reader opened in ${openMs.toFixed(0)} ms (once per version).`,
    "",
    "| query | p50 ms | p95 ms | max ms |",
    "| --- | ---: | ---: | ---: |",
    ...results.map((r) => `| ${r.name} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.max.toFixed(1)} |`),
    "",
    ok ? "Every p95 is within the 100 ms bound." : "Some p95 is ABOVE the 100 ms bound.",
  ]);
}
reader.close();
if (tmp) rmSync(tmp, { recursive: true, force: true });
