import type { DuckDBConnection } from "@duckdb/node-api";
import type { Config } from "../config";
import { queryRows, sqlString, withMemoryDuckDB, type Params } from "../warehouse/duck";
import { readManifest, resolveVersion, VERSION_TABLES, type Manifest } from "./registry";

export type Query = <R>(sql: string, params?: Params) => Promise<R[]>;

/** Views named after the version's tables, over the Parquet files its manifest lists. */
export async function attachVersion(c: DuckDBConnection, manifest: Manifest, prefix = ""): Promise<void> {
  for (const t of VERSION_TABLES) {
    if (manifest.tables[t].files.length === 0) continue; // published before this table existed
    const files = manifest.tables[t].files.map(sqlString).join(", ");
    // union_by_name: a table whose files were written at different times (dim_stores' deltas) may
    // have gained a column since; the older files read it as null.
    await c.run(`create or replace view ${prefix}${t} as select * from read_parquet([${files}], union_by_name = true)`);
  }
}

/**
 * Read one version (default: the promoted one, i.e. MART) through an in-memory DuckDB over its
 * immutable Parquet files: never the live warehouse, so a run in progress changes nothing.
 */
export async function withVersion<T>(config: Config, spec: string | undefined, fn: (q: Query, manifest: Manifest) => Promise<T>): Promise<T> {
  const manifest = readManifest(await resolveVersion(config, spec ?? "promoted"));
  return withMemoryDuckDB(async (c) => {
    await attachVersion(c, manifest);
    return fn(<R>(sql: string, params?: Params) => queryRows<R>(c, sql, params), manifest);
  });
}
