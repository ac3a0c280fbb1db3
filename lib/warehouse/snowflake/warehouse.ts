import type { Config } from "../../config";
import { AppError } from "../../control/errors";
import type { ParsedFile } from "../../ingest/validate";
import type { Manifest } from "../../versions/manifest";
import type { CompletenessCounts, DiffRows, RunInputs, SharedVersionReader, StoreInVersion, VersionReader, Warehouse } from "../port";
import { SnowflakeSession } from "./connection";
import { SnowVersionReader } from "./reader";
import { snowflakeSettings, type SnowflakeIdentity } from "./settings";

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
 * The production warehouse: Snowflake through snowflake-sdk. The console's reads (the versions'
 * clones in VERSIONS, MART over the promoted one) and its writes of a run's inputs (CONTROL) use
 * the APP identity; loading RAW uses the transformer's (dbt's: lib/warehouse/snowflake/settings.ts).
 * One shared session per identity and process, opened on first use.
 */
export class SnowflakeWarehouse implements Warehouse {
  readonly kind = "snowflake";
  private readonly sessions = new Map<SnowflakeIdentity, Promise<SnowflakeSession>>();

  constructor(private readonly config: Config) {}

  /** The process's Snowflake session for an identity (reconnects after a failed connect). */
  connection(identity: SnowflakeIdentity = "app"): Promise<SnowflakeSession> {
    let session = this.sessions.get(identity);
    if (!session) {
      session = SnowflakeSession.open(snowflakeSettings(this.config, identity));
      session.catch(() => this.sessions.delete(identity));
      this.sessions.set(identity, session);
    }
    return session;
  }

  /**
   * `fn` on a session of its own, closed afterwards: a transaction on the shared session would
   * sweep in whatever else the process runs on it meanwhile.
   */
  async withOwnSession<T>(fn: (s: SnowflakeSession) => Promise<T>, identity: SnowflakeIdentity = "app"): Promise<T> {
    const s = await SnowflakeSession.open(snowflakeSettings(this.config, identity));
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
   * RAW.GI and RAW.TH become the batch, both or neither (one transaction), as the transformer
   * (dbt's identity: the console's APP role has no access to RAW). Rows go as array binds: above
   * the SDK's staging threshold it uploads them to a temporary stage and loads them with COPY
   * itself (a real account; fakesnow cannot stage, its proxy raises the threshold). A refused
   * chunk names its file and lines; the transaction then leaves the previous batch in place.
   */
  loadRaw(batch: { gi: ParsedFile; th: ParsedFile; ingestedAt: string }): Promise<void> {
    return this.withOwnSession(async (s) => {
      await s.execute("create schema if not exists raw");
      for (const t of ["gi", "th"]) await s.execute(`create table if not exists raw.${t} (${RAW_COLUMNS})`);
      await s.transaction(async () => {
        for (const [t, f] of [["gi", batch.gi], ["th", batch.th]] as const) {
          await s.execute(`delete from raw.${t}`);
          for (let i = 0; i < f.rows.length; i += RAW_CHUNK) {
            const chunk = f.rows.slice(i, i + RAW_CHUNK);
            const rows = chunk.map((r) => [r.store_id, r.name, r.address, r.postcode, r.city, r.country, r.lat, r.lon, r.phone, r.extra, r.line, f.file, batch.ingestedAt]);
            try {
              await s.execute(`insert into raw.${t} values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, rows);
            } catch (e) {
              const lines = `line${chunk.length > 1 ? "s" : ""} ${chunk[0]!.line}${chunk.length > 1 ? `–${chunk.at(-1)!.line}` : ""}`;
              throw new AppError("UNAVAILABLE", `Snowflake refused ${f.file} (${lines}) for RAW.${t.toUpperCase()}: ${(e as Error).message}; the previous raw data is unchanged`, { cause: e });
            }
          }
        }
      });
    }, "transformer");
  }

  pairsCompleteness(): Promise<CompletenessCounts> {
    throw new AppError("UNAVAILABLE", "the pairs-completeness check is not implemented on Snowflake yet (STOREMATCH_WAREHOUSE=snowflake)");
  }
}
