import { mkdirSync, readdirSync, readlinkSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { paths, type Config } from "../config";
import { warehouse } from "../warehouse";
import { writeRawParquet as writeParquet } from "../warehouse/duckdb/raw";
import { parseStoreFile } from "./validate";

export interface IngestResult {
  batch: string;
  gi: { file: string; rows: number; extraColumns: string[] };
  th: { file: string; rows: number; extraColumns: string[] };
}

/**
 * Validate both lists, then replace the raw data atomically: the files go to a new batch
 * directory and the `current` symlink is swapped by rename. If either file is refused,
 * nothing is written and the previous raw data stays as it was.
 */
export async function ingest(config: Config, giPath: string, thPath: string): Promise<IngestResult> {
  const gi = parseStoreFile(giPath, basename(giPath));
  const th = parseStoreFile(thPath, basename(thPath));
  const p = paths(config);
  const batchesDir = join(p.rawDir, "batches");
  mkdirSync(batchesDir, { recursive: true });
  const ingestedAt = new Date().toISOString();
  const batch = `${ingestedAt.replace(/[-:.]/g, "").replace("T", "-").slice(0, 15)}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const tmpDir = join(batchesDir, `.${batch}.partial`);
  mkdirSync(tmpDir);
  try {
    await writeParquet(gi, join(tmpDir, "gi.parquet"), ingestedAt);
    await writeParquet(th, join(tmpDir, "th.parquet"), ingestedAt);
    // Before the local swap: if the warehouse refuses the batch, the previous one stays everywhere.
    await warehouse(config).loadRaw({ gi, th, ingestedAt });
    const manifest = { batch, ingestedAt, gi: { file: giPath, rows: gi.rows.length, extraColumns: gi.extraColumns }, th: { file: thPath, rows: th.rows.length, extraColumns: th.extraColumns } };
    writeFileSync(join(tmpDir, "manifest.json"), JSON.stringify(manifest, null, 2));
    renameSync(tmpDir, join(batchesDir, batch));
    const link = join(p.rawDir, `.current.${process.pid}`);
    rmSync(link, { force: true });
    symlinkSync(join("batches", batch), link);
    renameSync(link, p.rawCurrent); // atomic swap
  } catch (e) {
    rmSync(tmpDir, { recursive: true, force: true });
    throw e;
  }
  pruneBatches(batchesDir, batch);
  return {
    batch,
    gi: { file: gi.file, rows: gi.rows.length, extraColumns: gi.extraColumns },
    th: { file: th.file, rows: th.rows.length, extraColumns: th.extraColumns },
  };
}

/** Keep the current batch and the one before it; drop older ones and stale partial writes. */
function pruneBatches(batchesDir: string, current: string): void {
  const all = readdirSync(batchesDir).sort();
  const complete = all.filter((d) => !d.startsWith("."));
  const keep = new Set([current, ...complete.filter((d) => d !== current).slice(-1)]);
  for (const d of all) if (!keep.has(d)) rmSync(join(batchesDir, d), { recursive: true, force: true });
}

export function currentBatch(config: Config): string | null {
  try {
    return basename(readlinkSync(paths(config).rawCurrent));
  } catch {
    return null;
  }
}
