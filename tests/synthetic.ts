// A synthetic published version (Parquet files, a manifest and its registry row) built with
// DuckDB in a second, for tests and benchmarks that need a version but not a dbt run.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Config } from "../lib/config";
import { control } from "../lib/control/db";
import { sqlString, withMemoryDuckDB } from "../lib/warehouse/duckdb/db";
import { VERSION_TABLES, type Manifest } from "../lib/versions/registry";

export interface SyntheticOptions {
  /** Stores per side; store i of each side is GI%09d / TH%09d. */
  stores: number;
  /** Stores i < matched are matched pairs; the others are unmatched on both sides. */
  matched: number;
  status?: "PROMOTED" | "CANDIDATE";
}

/**
 * Publish version `id` made of generated rows: unmatched store i gets potential score
 * (i * 37) % 100 (deterministic), failure reason NAME_MISMATCH or ADDRESS_MISMATCH.
 */
export async function publishSyntheticVersion(config: Config, id: string, o: SyntheticOptions): Promise<Manifest> {
  const dir = join(config.dataDir, "versions", id, "data");
  mkdirSync(dir, { recursive: true });
  const file = (t: string) => join(dir, `${t}.parquet`);
  const n = o.stores;
  const counts = await withMemoryDuckDB(async (c) => {
    await c.run(`create table u as select i, s.source, (case s.source when 'gi' then 'GI' else 'TH' end) || lpad(i::varchar, 9, '0') as store_id,
        ((i * 37) % 100)::double as potential_score, case when i % 2 = 0 then 'NAME_MISMATCH' else 'ADDRESS_MISMATCH' end as failure_reason
      from range(${o.matched}, ${n}) t(i), (values ('gi'), ('th')) s(source)`);
    await c.run(`copy (
        select 'GI' || lpad(i::varchar, 9, '0') as gi_id, 'TH' || lpad(i::varchar, 9, '0') as th_id, 'MATCHED' as status, 95.0::double as score from range(0, ${o.matched}) t(i)
        union all select store_id, null, 'GI_ONLY', null::double from u where source = 'gi'
        union all select null, store_id, 'TH_ONLY', null::double from u where source = 'th'
      ) to ${sqlString(file("fct_store_matches"))} (format parquet)`);
    await c.run(`copy (
        select source, store_id, 'store ' || i as name, 'paris' as city, 'FR' as country_code, 'brand' as brand, failure_reason, potential_score,
          (case source when 'gi' then 'TH' else 'GI' end) || lpad(i::varchar, 9, '0') as best_candidate_id, ['store']::varchar[] as name_tokens
        from u) to ${sqlString(file("diag_unmatched_stores"))} (format parquet)`);
    await c.run(`copy (
        select source, store_id, 1 as candidate_rank, (case source when 'gi' then 'TH' else 'GI' end) || lpad(i::varchar, 9, '0') as candidate_id, potential_score as score
        from u) to ${sqlString(file("diag_store_candidates"))} (format parquet)`);
    await c.run(`copy (
        select 'source' as dimension, source as value, failure_reason, count(*)::bigint as stores, avg(potential_score) as avg_potential_score from u group by all
      ) to ${sqlString(file("diag_failure_patterns"))} (format parquet)`);
    const [r] = (await (await c.runAndReadAll(`select count(*) filter (where failure_reason = 'NAME_MISMATCH')::integer as nm, count(*)::integer as total from u`)).getRowObjectsJS()) as { nm: number; total: number }[];
    return r!;
  });
  const unmatchedPerSide = n - o.matched;
  // The tables written above; the others (store profiles, the model…) are empty, as in a version published before they existed.
  const written = ["fct_store_matches", "diag_unmatched_stores", "diag_store_candidates", "diag_failure_patterns"];
  const tables = Object.fromEntries(VERSION_TABLES.map((t) => [t, written.includes(t) ? { snapshotId: `synthetic-${id}`, files: [file(t)], rows: 0 } : { snapshotId: "", files: [], rows: 0 }])) as Manifest["tables"];
  const metrics = {
    byStatus: { MATCHED: o.matched, GI_ONLY: unmatchedPerSide, TH_ONLY: unmatchedPerSide },
    matchRate: n === 0 ? 0 : o.matched / n,
    byReason: { NAME_MISMATCH: counts.nm, ADDRESS_MISMATCH: counts.total - counts.nm },
  };
  const manifest: Manifest = { version: id, runId: `synthetic-${id}`, invocationId: null, gitCommit: null, tables, metrics };
  const manifestFile = join(config.dataDir, "versions", id, "manifest.json");
  writeFileSync(manifestFile, JSON.stringify(manifest));
  const status = o.status ?? "PROMOTED";
  const db = control(config);
  await db.$transaction(async (tx) => {
    if (status === "PROMOTED") await tx.version.updateMany({ where: { status: "PROMOTED" }, data: { status: "RETIRED" } });
    await tx.version.create({
      data: { id, runId: manifest.runId, status, snapshots: "{}", metrics: JSON.stringify(metrics), manifest: manifestFile, promotedAt: status === "PROMOTED" ? new Date() : null, promotedBy: status === "PROMOTED" ? "synthetic" : null },
    });
  });
  return manifest;
}
