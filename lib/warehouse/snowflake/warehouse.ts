import type { Config } from "../../config";
import { AppError } from "../../control/errors";
import type { ParsedFile } from "../../ingest/validate";
import type { Manifest } from "../../versions/manifest";
import type { CompletenessCounts, DiffRows, RunInputs, SharedVersionReader, StoreInVersion, VersionReader, Warehouse } from "../port";
import { SnowflakeSession } from "./connection";
import { SnowVersionReader } from "./reader";
import { snowflakeSettings } from "./settings";

/**
 * The control tables dbt reads as the `control` source; the columns of infra/terraform's
 * CONTROL.REPROCESS_TRIGGERS and CONTROL.PAIR_DECISIONS (Terraform creates them in production;
 * `if not exists` only matters on a fresh stand-in).
 */
const CONTROL_DDL = [
  "create schema if not exists control",
  `create table if not exists control.reprocess_triggers (
     trigger_id number(38,0) not null, run_id varchar not null, source varchar not null, store_id varchar not null,
     reason varchar, priority float, status varchar not null, loaded_at timestamp_ntz(9), consumed_at timestamp_ntz(9))`,
  "create table if not exists control.pair_decisions (gi_id varchar not null, th_id varchar not null, decision varchar not null)",
];

/** The raw store lists as ingest validated them (the columns of a local batch's Parquet files). */
const RAW_COLUMNS = `store_id varchar not null, name varchar not null, address varchar, postcode varchar, city varchar,
  country varchar, lat double, lon double, phone varchar, extra varchar, _line integer not null,
  _source_file varchar not null, _ingested_at timestamp_ntz not null`;
const RAW_CHUNK = 10_000;

/**
 * The production warehouse: Snowflake through snowflake-sdk with the APP role. Reads go to the
 * versions' clones (VERSIONS) and the MART views over the promoted one; writes go to CONTROL.
 * One session per process, opened on first use.
 */
export class SnowflakeWarehouse implements Warehouse {
  readonly kind = "snowflake";
  private session: Promise<SnowflakeSession> | null = null;

  constructor(private readonly config: Config) {}

  /** The process's Snowflake session (reconnects after a failed connect). */
  connection(): Promise<SnowflakeSession> {
    if (!this.session) {
      this.session = SnowflakeSession.open(snowflakeSettings(this.config));
      this.session.catch(() => (this.session = null));
    }
    return this.session;
  }

  /**
   * `fn` on a session of its own, closed afterwards: a transaction on the shared session would
   * sweep in whatever else the process runs on it meanwhile.
   */
  async withOwnSession<T>(fn: (s: SnowflakeSession) => Promise<T>): Promise<T> {
    const s = await SnowflakeSession.open(snowflakeSettings(this.config));
    try {
      return await fn(s);
    } finally {
      await s.close();
    }
  }

  async reader(manifest: Manifest): Promise<SharedVersionReader> {
    return new SnowVersionReader(manifest.version, await this.connection(), manifest);
  }

  async withVersion<T>(manifest: Manifest, fn: (r: VersionReader) => Promise<T>): Promise<T> {
    return fn(await this.reader(manifest));
  }

  diff(): Promise<DiffRows> {
    throw new AppError("UNAVAILABLE", "comparing two versions is not implemented on Snowflake yet (STOREMATCH_WAREHOUSE=snowflake)");
  }

  storeHistory(): Promise<StoreInVersion[]> {
    throw new AppError("UNAVAILABLE", "a store's history across versions is not implemented on Snowflake yet (STOREMATCH_WAREHOUSE=snowflake)");
  }

  /**
   * The run's scope and every pair decision, in one transaction: dbt sees the previous inputs or
   * all of the new ones. Values are bound (array binds), never pasted into SQL.
   */
  writeRunInputs(input: RunInputs): Promise<void> {
    return this.withOwnSession(async (s) => {
      for (const ddl of CONTROL_DDL) await s.execute(ddl);
      await s.transaction(async () => {
        await s.execute("delete from control.reprocess_triggers where run_id = ?", [input.runId]);
        if (input.triggers.length > 0) {
          await s.execute(
            `insert into control.reprocess_triggers (trigger_id, run_id, source, store_id, reason, priority, status, loaded_at)
             values (?, ?, ?, ?, ?, ?, 'APPROVED', current_timestamp()::timestamp_ntz)`,
            input.triggers.map((t) => [t.id, input.runId, t.source, t.storeId, t.reason, t.priority]),
          );
        }
        await s.execute("delete from control.pair_decisions");
        if (input.decisions.length > 0) {
          await s.execute("insert into control.pair_decisions (gi_id, th_id, decision) values (?, ?, ?)", input.decisions.map((d) => [d.giId, d.thId, d.decision]));
        }
      });
    });
  }

  /**
   * RAW.GI and RAW.TH become the batch, both or neither (one transaction). Rows go as array
   * binds: above the SDK's staging threshold it uploads them to a temporary stage and loads them
   * with COPY itself (a real account; fakesnow cannot stage, its proxy raises the threshold).
   */
  loadRaw(batch: { gi: ParsedFile; th: ParsedFile; ingestedAt: string }): Promise<void> {
    return this.withOwnSession(async (s) => {
      await s.execute("create schema if not exists raw");
      for (const t of ["gi", "th"]) await s.execute(`create table if not exists raw.${t} (${RAW_COLUMNS})`);
      await s.transaction(async () => {
        for (const [t, f] of [["gi", batch.gi], ["th", batch.th]] as const) {
          await s.execute(`delete from raw.${t}`);
          const rows = f.rows.map((r) => [r.store_id, r.name, r.address, r.postcode, r.city, r.country, r.lat, r.lon, r.phone, r.extra, r.line, f.file, batch.ingestedAt]);
          for (let i = 0; i < rows.length; i += RAW_CHUNK) {
            await s.execute(`insert into raw.${t} values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, rows.slice(i, i + RAW_CHUNK));
          }
        }
      });
    });
  }

  pairsCompleteness(): Promise<CompletenessCounts> {
    throw new AppError("UNAVAILABLE", "the pairs-completeness check is not implemented on Snowflake yet (STOREMATCH_WAREHOUSE=snowflake)");
  }
}
