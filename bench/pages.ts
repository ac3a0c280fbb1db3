// Console pages in Chromium on a big version (not a test): each page's load time, measured
// in the browser (Navigation Timing, until the load event) with the production build.
// Builds a workspace of --stores N (full refresh, scan, 1,000 approved triggers, a targeted
// run: two versions) unless --data-dir points at one that has them.
// Usage: npx tsx bench/pages.ts [--stores 1090000 | --data-dir DIR] [--iterations 5] [--record]
import { chromium } from "@playwright/test";
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { loadConfig } from "../lib/config";
import { closeControl, control } from "../lib/control/db";
import { decideTriggers } from "../lib/control/triggers";
import { addUser } from "../lib/control/users";
import { generate, writeGenerated } from "../lib/generate/generate";
import { scan } from "../lib/heal/scan";
import { ingest } from "../lib/ingest/ingest";
import { executeRun, requestRun, type RunKind } from "../lib/runner/queue";
import { unmatchedPage, versionReader } from "../lib/versions/reader";
import type { DuckVersionReader } from "../lib/warehouse/duckdb/reader";
import { record } from "./machine";

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const root = resolve(import.meta.dirname, "..");
const iterations = Number(arg("--iterations") ?? 5);
const stores = Number(arg("--stores") ?? 1_090_000);
const port = Number(arg("--port") ?? 3290);
let dataDir = arg("--data-dir");
let tmp: string | null = null;
if (!dataDir) {
  tmp = mkdtempSync(join(tmpdir(), "storematch-bench-pages-"));
  dataDir = join(tmp, "data");
}
const config = loadConfig({ ...process.env, STOREMATCH_DATA_DIR: dataDir });
const db = control(config);
const log = (m: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${m}`);

async function run(kind: RunKind) {
  const r = await executeRun(config, (await requestRun(config, kind, "bench", "bench/pages")).id);
  if (r.status !== "SUCCEEDED") throw new Error(`${kind}: ${r.summary ?? r.status}`);
  return r;
}

if (tmp) {
  log(`building ${stores.toLocaleString("en-US")} generated stores in ${dataDir}`);
  writeGenerated(generate({ stores, seed: 42 }), join(tmp, "in"));
  await ingest(config, join(tmp, "in", "gi.csv"), join(tmp, "in", "th.csv"));
  await run("FULL_REFRESH");
  const scanned = await scan(config, "bench");
  const top = (await db.trigger.findMany({ where: { status: "PENDING" }, orderBy: [{ priority: "desc" }, { id: "asc" }], take: 1000, select: { id: true } })).map((t) => t.id);
  log(`scan created ${scanned.created} triggers`);
  await decideTriggers(db, "APPROVED", { ids: top }, "bench");
  await run("TARGETED");
  log("two versions published");
}
const email = `bench-${Date.now()}@bench.local`;
const { password } = await addUser(db, { email, role: "admin" }, "bench");

// Sample ids for the store pages and the runs page.
// The local backend's reader (raw DuckDB queries pick the sample).
const reader = (await versionReader(config)) as DuckVersionReader;
const unmatched = (await unmatchedPage(reader, { page: 1, pageSize: 1 })).rows[0]!;
const [matched] = await reader.query<{ gi_id: string }>("select gi_id from fct_store_matches where status = 'MATCHED' limit 1");
const lastRun = (await db.run.findFirst({ orderBy: { createdAt: "desc" } }))!;
const versions = await db.version.findMany({ orderBy: { createdAt: "asc" } });
const [gold] = await reader.query<{ n: number }>("select count(*)::integer as n from fct_store_matches");
reader.close();

if (!arg("--no-build")) {
  log("next build");
  execFileSync("npx", ["next", "build"], { cwd: root, stdio: "ignore", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
}
const base = `http://127.0.0.1:${port}`;
const server = spawn("npx", ["next", "start", "-p", String(port), "-H", "127.0.0.1"], {
  cwd: root, detached: true, stdio: "ignore",
  env: { ...process.env, STOREMATCH_DATA_DIR: dataDir, NEXT_TELEMETRY_DISABLED: "1", NEXTAUTH_URL: base },
});
const stop = () => { try { process.kill(-server.pid!, "SIGTERM"); } catch { /* gone */ } };
process.on("exit", stop);
for (let i = 0; ; i++) {
  if (await fetch(`${base}/login`).then((r) => r.ok, () => false)) break;
  if (i > 120) throw new Error("next start did not answer in 60 s");
  await new Promise((r) => setTimeout(r, 500));
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
await page.goto(`${base}/login`);
await page.getByLabel("Email").fill(email);
await page.getByLabel("Password").fill(password);
await page.getByRole("button", { name: "Sign in", exact: true }).click();
await page.getByTestId("signed-in-as").waitFor();

const [v1, v2] = [versions[0]!.id, versions[versions.length - 1]!.id];
const pages: [string, string][] = [
  ["overview", "/"],
  ["failures", "/failures"],
  ["failures, one reason", `/failures?reason=${unmatched.failure_reason}`],
  ["failures by city, page 3", "/failures?dimension=city&page=3"],
  ["store search by name", "/stores?q=carrefour"],
  ["unmatched store with candidates", `/stores/${unmatched.source}/${encodeURIComponent(String(unmatched.store_id))}`],
  ["matched store", `/stores/gi/${encodeURIComponent(matched!.gi_id)}`],
  ["triggers, page 2", "/triggers?page=2"],
  ["runs", "/runs"],
  ["one run with its log", `/runs/${lastRun.id}`],
  ["versions with a diff", `/versions?a=${v1}&b=${v2}`],
  ["audit, page 2", "/audit?page=2"],
  ["users", "/users"],
];

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const rows: string[] = [];
for (const [name, path] of pages) {
  const times: number[] = [];
  let first = 0;
  for (let i = 0; i <= iterations; i++) {
    const res = await page.goto(base + path, { waitUntil: "load" });
    if (!res?.ok()) throw new Error(`${path}: HTTP ${res?.status()}`);
    const ms = await page.evaluate(() => {
      const n = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
      return n.loadEventEnd - n.startTime;
    });
    if (i === 0) first = ms;
    else times.push(ms);
  }
  const line = `| ${name} | \`${path.length > 60 ? `${path.slice(0, 57)}…` : path}\` | ${first.toFixed(0)} | ${pct(times, 50).toFixed(0)} | ${pct(times, 95).toFixed(0)} | ${Math.max(...times).toFixed(0)} |`;
  log(line);
  rows.push(line);
}
await browser.close();
stop();
await closeControl();

const worst = Math.max(...rows.map((r) => Number(r.split("|")[5])));
const verdict = worst < 1000 ? "Every page's p95 is under 1 s." : "Some page's p95 is ABOVE 1 s.";
log(verdict);
if (process.argv.includes("--record")) {
  record("bench/pages: console pages in Chromium", [
    `Command: \`npx tsx bench/pages.ts ${tmp ? `--stores ${stores}` : "--data-dir DIR"} --iterations ${iterations} --record\`. Production build (\`next start\`), Debian Chromium, signed in as an admin; load time = Navigation Timing start → load event.`,
    `Version ${v2}: ${gold!.n.toLocaleString("en-US")} gold rows. "first" is the first visit (a version's reader opens once per server); p50/p95/max over the ${iterations} visits after it.`,
    "",
    "| page | path | first ms | p50 ms | p95 ms | max ms |",
    "| --- | --- | ---: | ---: | ---: | ---: |",
    ...rows,
    "",
    verdict,
  ]);
  log("recorded in bench/RESULTS.md");
}
if (tmp && !process.argv.includes("--keep")) rmSync(tmp, { recursive: true, force: true });
process.exit(0);
