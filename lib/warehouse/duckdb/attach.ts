import type { DuckDBConnection } from "@duckdb/node-api";
import { VERSION_TABLES, type Manifest } from "../../versions/manifest";
import { sqlString } from "./db";

/** The tables a version has data for (one published before a table existed has none of it). */
export const tablesOf = (manifest: Manifest): Set<string> => new Set(VERSION_TABLES.filter((t) => manifest.tables[t].files.length > 0));

/** Views named after the version's tables (with a prefix), over the Parquet files its manifest lists. */
export async function attachVersion(c: DuckDBConnection, manifest: Manifest, prefix = ""): Promise<void> {
  for (const t of VERSION_TABLES) {
    if (manifest.tables[t].files.length === 0) continue; // published before this table existed
    const files = manifest.tables[t].files.map(sqlString).join(", ");
    // union_by_name: a table whose files were written at different times (dim_stores' deltas) may
    // have gained a column since; the older files read it as null.
    await c.run(`create or replace view ${prefix}${t} as select * from read_parquet([${files}], union_by_name = true)`);
  }
}
