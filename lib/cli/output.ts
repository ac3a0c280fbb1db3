import type { TriggerDto } from "../control/triggers";
import type { RunDto } from "../runner/queue";
import type { VersionDiff } from "../versions/diff";
import type { VersionDto } from "../versions/registry";

/** Printing helpers shared by the commands. */

export const json = (x: unknown) => console.log(JSON.stringify(x, null, 2));

export const pad = (s: string | number | null | undefined, n: number) => String(s ?? "").padEnd(n).slice(0, Math.max(n, String(s ?? "").length));

export function printTriggers(rows: TriggerDto[]): void {
  if (rows.length === 0) return console.log("no triggers");
  console.log(`${pad("id", 6)} ${pad("status", 9)} ${pad("source", 6)} ${pad("store", 14)} ${pad("score", 6)} ${pad("reason", 18)} decided by`);
  for (const t of rows)
    console.log(`${pad(t.id, 6)} ${pad(t.status, 9)} ${pad(t.source, 6)} ${pad(t.storeId, 14)} ${pad(t.priority.toFixed(1), 6)} ${pad(t.reason, 18)} ${t.decidedBy ?? ""}`);
}

export function printVersions(rows: VersionDto[]): void {
  if (rows.length === 0) return console.log("no versions");
  console.log(`${pad("version", 8)} ${pad("status", 10)} ${pad("matched", 8)} ${pad("GI only", 8)} ${pad("TH only", 8)} ${pad("rate", 7)} ${pad("created", 20)} run`);
  for (const v of rows)
    console.log(`${pad(v.id, 8)} ${pad(v.status + (v.expired ? "*" : ""), 10)} ${pad(v.metrics.byStatus.MATCHED, 8)} ${pad(v.metrics.byStatus.GI_ONLY, 8)} ${pad(v.metrics.byStatus.TH_ONLY, 8)} ${pad((v.metrics.matchRate * 100).toFixed(1) + "%", 7)} ${pad(v.createdAt.slice(0, 19), 20)} ${v.runId}`);
  if (rows.some((v) => v.expired)) console.log("* expired by retention");
}

export function printDiff(d: VersionDiff, limit: number): void {
  console.log(`${d.a} → ${d.b}`);
  console.log(`${pad("status", 18)} ${pad(d.a, 8)} ${pad(d.b, 8)} delta`);
  for (const [k, v] of Object.entries(d.statusDeltas)) console.log(`${pad(k, 18)} ${pad(v.a, 8)} ${pad(v.b, 8)} ${v.delta > 0 ? "+" : ""}${v.delta}`);
  console.log(`${pad("failure reason", 18)} ${pad(d.a, 8)} ${pad(d.b, 8)} delta`);
  for (const [k, v] of Object.entries(d.reasonDeltas)) console.log(`${pad(k, 18)} ${pad(v.a, 8)} ${pad(v.b, 8)} ${v.delta > 0 ? "+" : ""}${v.delta}`);
  const list = (title: string, rows: string[]) => {
    console.log(`${title}: ${rows.length}`);
    for (const r of rows.slice(0, limit)) console.log(`  ${r}`);
    if (rows.length > limit) console.log(`  … ${rows.length - limit} more (--json for all)`);
  };
  list("newly matched", d.newlyMatched.map((p) => `${p.gi_id} ↔ ${p.th_id} (${p.score})`));
  list("lost", d.lost.map((p) => `${p.gi_id} ↔ ${p.th_id} (${p.score})`));
  list("partner changed", d.partnerChanged.map((p) => `${p.side} ${p.store_id}: ${p.partner_a} → ${p.partner_b}`));
}

export function printRuns(rows: RunDto[]): void {
  if (rows.length === 0) return console.log("no runs");
  console.log(`${pad("id", 22)} ${pad("kind", 12)} ${pad("status", 10)} ${pad("models", 8)} ${pad("elapsed", 8)} summary`);
  for (const r of rows)
    console.log(`${pad(r.id, 22)} ${pad(r.kind, 12)} ${pad(r.status, 10)} ${pad(`${r.modelsDone}/${r.modelsTotal}`, 8)} ${pad(r.elapsedSeconds === null ? "" : `${r.elapsedSeconds}s`, 8)} ${r.summary ?? r.reason ?? ""}`);
}

/** A match weight in bits, signed ("+2.31"), or "" when there is none. */
export const bits = (x: number | null) => (x === null ? "" : `${x > 0 ? "+" : ""}${x.toFixed(2)}`);
