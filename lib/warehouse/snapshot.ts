import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { paths, type Config } from "../config";
import { queryRows, sqlString, withMemoryDuckDB } from "./duck";

/** The tables a run publishes as Parquet files. */
export const SNAPSHOT_TABLES = ["fct_store_matches", "diag_unmatched_stores", "diag_store_candidates", "diag_failure_patterns"] as const;
export type SnapshotTable = (typeof SNAPSHOT_TABLES)[number];

export interface SnapshotPointer {
  runId: string;
  dir: string;
  createdAt: string;
}

export class NoSnapshotError extends Error {
  constructor() {
    super("no published results yet: run `storematch ingest --gi FILE --th FILE` and `storematch run` first");
    this.name = "NoSnapshotError";
  }
}

export function readPointer(config: Config): SnapshotPointer | null {
  const p = paths(config).snapshotPointer;
  if (!existsSync(p)) return null;
  return JSON.parse(readFileSync(p, "utf8")) as SnapshotPointer;
}

/** Point readers at a completed snapshot (write a temp file, then rename: atomic). */
export function writePointer(config: Config, pointer: SnapshotPointer): void {
  const p = paths(config).snapshotPointer;
  mkdirSync(paths(config).snapshotsDir, { recursive: true });
  const tmp = `${p}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(pointer, null, 2));
  renameSync(tmp, p);
}

export function snapshotFile(pointer: SnapshotPointer, table: SnapshotTable): string {
  return join(pointer.dir, `${table}.parquet`);
}

/** Run fn with views named after the snapshot tables, over the current snapshot's Parquet files. */
export async function withSnapshot<T>(config: Config, fn: (q: <R>(sql: string) => Promise<R[]>) => Promise<T>): Promise<T> {
  const pointer = readPointer(config);
  if (!pointer) throw new NoSnapshotError();
  return withMemoryDuckDB(async (c) => {
    for (const t of SNAPSHOT_TABLES) {
      await c.run(`create view ${t} as select * from read_parquet(${sqlString(snapshotFile(pointer, t))})`);
    }
    return fn(<R>(sql: string) => queryRows<R>(c, sql));
  });
}

export interface MatchCounts {
  runId: string;
  matched: number;
  giOnly: number;
  thOnly: number;
  giStores: number;
  thStores: number;
  matchRate: number;
}

export async function matchCounts(config: Config): Promise<MatchCounts> {
  const runId = readPointer(config)?.runId ?? "";
  return withSnapshot(config, async (q) => {
    const [r] = await q<{ matched: number; gi_only: number; th_only: number }>(`
      select count(*) filter (where status = 'MATCHED') as matched,
             count(*) filter (where status = 'GI_ONLY') as gi_only,
             count(*) filter (where status = 'TH_ONLY') as th_only
      from fct_store_matches`);
    const giStores = r!.matched + r!.gi_only;
    const thStores = r!.matched + r!.th_only;
    return {
      runId,
      matched: r!.matched,
      giOnly: r!.gi_only,
      thOnly: r!.th_only,
      giStores,
      thStores,
      matchRate: giStores + thStores === 0 ? 0 : (2 * r!.matched) / (giStores + thStores),
    };
  });
}

export interface ReasonCount {
  reason: string;
  stores: number;
  avgPotential: number | null;
}

export async function failureReasons(config: Config): Promise<ReasonCount[]> {
  return withSnapshot(config, (q) =>
    q<ReasonCount>(`
      select failure_reason as reason, count(*) as stores, round(avg(potential_score), 1) as "avgPotential"
      from diag_unmatched_stores group by 1 order by stores desc, reason`),
  );
}
