// Pipeline benchmark (not a test): generate → ingest → dbt run → quality, per size.
// Usage: npx tsx bench/pipeline.ts [--stores 10000,100000] [--record]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { queryRows, withWarehouseReadOnly } from "../lib/warehouse/duckdb/db";
import { loadConfig, paths } from "../lib/config";
import { generate, writeGenerated } from "../lib/generate/generate";
import { ingest } from "../lib/ingest/ingest";
import { quality } from "../lib/quality";
import { closeControl } from "../lib/control/db";
import { executeRun, requestRun } from "../lib/runner/queue";
import { record } from "./machine";

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const sizes = (arg("--stores") ?? "10000,100000").split(",").map(Number);
const rows: string[] = ["| stores | generate s | ingest s | dbt build s | candidate pairs | pairs per store | F1 |", "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |"];

for (const n of sizes) {
  const dir = mkdtempSync(join(tmpdir(), "storematch-bench-"));
  const config = loadConfig({ ...process.env, STOREMATCH_DATA_DIR: join(dir, "data") });
  const t0 = performance.now();
  const data = generate({ stores: n, seed: 42 });
  writeGenerated(data, join(dir, "in"));
  const t1 = performance.now();
  await ingest(config, join(dir, "in", "gi.csv"), join(dir, "in", "th.csv"));
  const t2 = performance.now();
  const queued = await requestRun(config, "FULL_REFRESH", "bench", "bench/pipeline");
  const run = await executeRun(config, queued.id);
  const t3 = performance.now();
  if (run.status !== "SUCCEEDED") throw new Error(run.summary ?? run.status);
  const q = await quality(config, join(dir, "in", "truth.csv"));
  // The bench may open the warehouse (read-only, no run in progress); the console never does.
  const [pairs] = await withWarehouseReadOnly(paths(config).warehouseFile, (c) =>
    queryRows<{ n: number }>(c, "select count(*) as n from staging.int_candidate_pairs_blocked"));
  const pairCount = pairs!.n;
  const stores = data.gi.length + data.th.length;
  const row = `| ${n.toLocaleString("en-US")} | ${((t1 - t0) / 1000).toFixed(1)} | ${((t2 - t1) / 1000).toFixed(1)} | ${((t3 - t2) / 1000).toFixed(1)} | ${pairCount.toLocaleString("en-US")} | ${(pairCount / (stores / 2)).toFixed(2)} | ${q.f1.toFixed(4)} |`;
  console.log(row);
  rows.push(row);
  rmSync(dir, { recursive: true, force: true });
}

await closeControl();

if (process.argv.includes("--record")) {
  record("bench/pipeline: full build", [
    "Command: `npx tsx bench/pipeline.ts --stores " + sizes.join(",") + " --record` (seed 42, all columns).",
    "",
    ...rows,
  ]);
  console.log("recorded in bench/RESULTS.md");
}
