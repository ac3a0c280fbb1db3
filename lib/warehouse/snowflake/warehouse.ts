import type { Config } from "../../config";
import { AppError } from "../../control/errors";
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
  async writeRunInputs(input: RunInputs): Promise<void> {
    const s = await this.connection();
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
  }

  pairsCompleteness(): Promise<CompletenessCounts> {
    throw new AppError("UNAVAILABLE", "the pairs-completeness check is not implemented on Snowflake yet (STOREMATCH_WAREHOUSE=snowflake)");
  }
}
