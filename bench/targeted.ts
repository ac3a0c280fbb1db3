// Targeted vs full refresh (not a test). On N stores per source with K approved triggers,
// a targeted run should take at most 10% of a full refresh.
// Usage: npx tsx bench/targeted.ts [--stores 1000000] [--triggers 1000] [--record]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../lib/config";
import { closeControl, control } from "../lib/control/db";
import { decideTriggers } from "../lib/control/triggers";
import { generate, writeGenerated } from "../lib/generate/generate";
import { scan } from "../lib/heal/scan";
import { ingest } from "../lib/ingest/ingest";
import { executeRun, requestRun, toRunDto, type RunKind } from "../lib/runner/queue";
import { record } from "./machine";

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1]! : dflt;
};
const stores = Number(arg("--stores", "1000000"));
const triggers = Number(arg("--triggers", "1000"));
const keep = process.argv.includes("--keep");

const dir = mkdtempSync(join(tmpdir(), "storematch-bench-targeted-"));
const config = loadConfig({ ...process.env, STOREMATCH_DATA_DIR: join(dir, "data") });
const db = control(config);
const log = (m: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${m}`);

log(`generating ${stores.toLocaleString("en-US")} stores in ${dir}`);
const data = generate({ stores, seed: 42 });
writeGenerated(data, join(dir, "in"));
log(`${data.gi.length.toLocaleString("en-US")} GI stores, ${data.th.length.toLocaleString("en-US")} TH stores`);
await ingest(config, join(dir, "in", "gi.csv"), join(dir, "in", "th.csv"));

async function timedRun(kind: RunKind): Promise<{ seconds: number; nodes: { node: string; seconds: number }[] }> {
  const t0 = performance.now();
  const run = await executeRun(config, (await requestRun(config, kind, "bench", "bench/targeted")).id);
  const seconds = (performance.now() - t0) / 1000;
  if (run.status !== "SUCCEEDED") throw new Error(`${kind} run ${run.status}: ${run.summary}`);
  const nodes = toRunDto(run).nodes.sort((a, b) => b.seconds - a.seconds);
  log(`${kind}: ${seconds.toFixed(1)} s; slowest nodes: ${nodes.slice(0, 6).map((n) => `${n.node.split(".").pop()} ${n.seconds.toFixed(1)}s`).join(", ")}`);
  return { seconds, nodes };
}

log("full refresh");
const full = await timedRun("FULL_REFRESH");
const scanned = await scan(config, "bench");
const top = (await db.trigger.findMany({ where: { status: "PENDING" }, orderBy: [{ priority: "desc" }, { id: "asc" }], take: triggers, select: { id: true } })).map((t) => t.id);
await decideTriggers(db, "APPROVED", { ids: top }, "bench");
log(`scan created ${scanned.created} triggers; approved the ${top.length} highest`);
const targeted = await timedRun("TARGETED");
const ratio = targeted.seconds / full.seconds;
const verdict = ratio <= 0.1 ? "meets the 10% bound" : "ABOVE the 10% bound";
log(`targeted / full = ${(ratio * 100).toFixed(1)}% (${verdict})`);
await closeControl();

if (process.argv.includes("--record")) {
  record("bench/targeted: targeted run vs full refresh", [
    `Command: \`npx tsx bench/targeted.ts --stores ${stores} --triggers ${triggers} --record\` (seed 42; wall time of the run, dbt build with tests, from queue to published).`,
    "",
    "| generated stores | GI / TH stores | approved triggers | full refresh s | targeted s | ratio |",
    "| ---: | ---: | ---: | ---: | ---: | ---: |",
    `| ${stores.toLocaleString("en-US")} | ${data.gi.length.toLocaleString("en-US")} / ${data.th.length.toLocaleString("en-US")} | ${top.length} | ${full.seconds.toFixed(1)} | ${targeted.seconds.toFixed(1)} | ${(ratio * 100).toFixed(1)}% (${verdict}) |`,
    "",
    `Slowest nodes of the targeted run: ${targeted.nodes.slice(0, 8).map((n) => `${n.node.split(".").pop()} ${n.seconds.toFixed(1)} s`).join(", ")}.`,
  ]);
  log("recorded in bench/RESULTS.md");
}
if (!keep) rmSync(dir, { recursive: true, force: true });
