import type { ParsedFile } from "../../ingest/validate";
import { sqlString, withMemoryDuckDB } from "./db";

const RAW_DDL = `create table raw_stores (
  store_id varchar not null, name varchar not null, address varchar, postcode varchar, city varchar,
  country varchar, lat double, lon double, phone varchar, extra varchar,
  _line integer not null, _source_file varchar not null, _ingested_at timestamp not null)`;

/** A validated store list as the Parquet file of a raw batch (values appended, never pasted into SQL). */
export async function writeRawParquet(parsed: ParsedFile, out: string, ingestedAt: string): Promise<void> {
  await withMemoryDuckDB(async (c) => {
    await c.run(RAW_DDL);
    const app = await c.createAppender("raw_stores");
    const str = (v: string | null) => (v === null ? app.appendNull() : app.appendVarchar(v));
    const num = (v: number | null) => (v === null ? app.appendNull() : app.appendDouble(v));
    for (const r of parsed.rows) {
      str(r.store_id); str(r.name); str(r.address); str(r.postcode); str(r.city); str(r.country);
      num(r.lat); num(r.lon); str(r.phone); str(r.extra);
      app.appendInteger(r.line); app.appendVarchar(parsed.file); app.appendVarchar(ingestedAt);
      app.endRow();
    }
    app.closeSync();
    await c.run(`copy raw_stores to ${sqlString(out)} (format parquet)`);
  });
}

