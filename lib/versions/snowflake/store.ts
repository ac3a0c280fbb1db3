import type { Version } from "@prisma/client";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Config } from "../../config";
import { warehouse } from "../../warehouse";
import type { SnowflakeSession } from "../../warehouse/snowflake/connection";
import { cloneName } from "../../warehouse/snowflake/reader";
import type { SnowflakeWarehouse } from "../../warehouse/snowflake/warehouse";
import type { SharedVersionReader, VersionReader } from "../../warehouse/port";
import { readManifestFile } from "../local/store";
import type { Manifest, Metrics, VersionRules } from "../manifest";
import type { PendingPublish, PublishInput, VersionStore } from "../store";
import { PUBLISHED_TABLES, VERSION_TABLES, type VersionTable } from "../tables";
import { checkLiveBuild } from "./build-check";
import { cloneSql, dropCloneSql, MART_VIEWS, martVersionViewSql, martViewSql, snapshotIdSql, SWAP_SQL } from "./sql";

/**
 * Versions on Snowflake: publishing records each gold table's Iceberg snapshot id and pins the
 * version with a zero-copy clone of every published table in VERSIONS (VERSIONS.<TABLE>__<VERSION>);
 * promotion builds the MART views in MART_NEXT over the version's clones and swaps the two
 * schemas in one statement; rollback is promoting an older version; retention drops clones.
 * The manifest (what the control plane records) is kept as a file in the workspace, as locally.
 *
 * MART belongs to promotion alone: dbt does not build the mart/ models on Snowflake
 * (dbt_project.yml), and MART.MART_VERSION names the version the views show.
 *
 * Identities (lib/warehouse/snowflake/settings.ts): publishing, retention and the registry copy
 * run as the transformer (dbt's user: it owns GOLD and VERSIONS); promotion on the console's
 * session, whose role must own MART and MART_NEXT on a real account (ADMIN: infra/README.md).
 *
 * On fakesnow (SNOWFLAKE_EMULATOR=fakesnow, tests only) there are no Iceberg snapshots: the clone
 * is the pin and the snapshot id a random 63-bit id naming it; there is no schema swap: the MART
 * views are replaced in one transaction instead (the real swap statement is syntax-checked).
 */
export class SnowflakeVersionStore implements VersionStore {
  /** Any build of the warehouse can be published (a local dbt, EXECUTE DBT PROJECT, Airflow, GitHub): its tables are live here. */
  readonly publishesLiveTables = true;

  constructor(private readonly config: Config) {}

  private get warehouse(): SnowflakeWarehouse {
    return warehouse(this.config) as SnowflakeWarehouse;
  }

  /** The transformer's session: the one that reads the live tables and owns the clones. */
  private session(): Promise<SnowflakeSession> {
    return this.warehouse.connection("transformer");
  }

  preparePublish(): PendingPublish {
    return { publish: (i) => this.publish(i), stop: () => undefined };
  }

  async publish(i: PublishInput): Promise<Manifest> {
    const s = await this.session();
    const fake = s.settings.emulator === "fakesnow";
    // The build may have run elsewhere (Airflow, GitHub, EXECUTE DBT PROJECT): the live tables must be that run's.
    const live = i.kind ? await checkLiveBuild(s, i.runId, i.kind) : null;
    await s.execute("create schema if not exists versions");
    const tables = {} as Manifest["tables"];
    try {
      for (const t of PUBLISHED_TABLES) {
        const idSql = snapshotIdSql(s.settings.database, t, fake);
        // Read before cloning: the clone pins this snapshot (dbt does not run during a publish: the runner holds the lease).
        const [snap] = idSql ? await s.query<{ snapshot_id: string | null }>(idSql) : [];
        await s.execute(dropCloneSql(i.version, t.name));
        await s.execute(cloneSql(i.version, t, fake));
        const [count] = await s.query<{ n: number }>(`select count(*) as n from ${cloneName(i.version, t.name)}`);
        tables[t.name] = { snapshotId: snap?.snapshot_id ?? String(randomBytes(8).readBigUInt64BE() >> 1n), files: [], rows: Number(count!.n) };
      }
      // Again after cloning: a build outside the console that ended meanwhile may have changed some of them.
      if (i.kind) await checkLiveBuild(s, i.runId, i.kind);
    } catch (e) {
      if (live) for (const t of PUBLISHED_TABLES) await s.execute(dropCloneSql(i.version, t.name)).catch(() => undefined);
      throw e;
    }
    const manifest: Manifest = {
      version: i.version, runId: i.runId, invocationId: i.invocationId ?? live?.invocationId ?? null, gitCommit: i.gitCommit, tables, metrics: await this.metrics(s, i.version),
    };
    const rules = join(i.exportDir, "rules.json");
    if (existsSync(rules)) manifest.rules = JSON.parse(readFileSync(rules, "utf8").split("\n")[0]!) as VersionRules;
    else {
      const built = live?.rules ?? (await this.buildRules(s, i.runId));
      if (built) manifest.rules = built;
    }
    const file = this.manifestLocation(i.version);
    mkdirSync(join(file, ".."), { recursive: true });
    writeFileSync(`${file}.tmp`, JSON.stringify(manifest, null, 2));
    renameSync(`${file}.tmp`, file);
    return manifest;
  }

  /** The rules dbt ran with, which its on-run-end hook left in CONTROL.BUILD_RULES (snowflake__publish_local_snapshot). */
  private async buildRules(s: SnowflakeSession, runId: string): Promise<VersionRules | undefined> {
    try {
      const [r] = await s.query<{ rules: string }>("select rules as rules from control.build_rules where run_id = ?", [runId]);
      return r ? (JSON.parse(r.rules) as VersionRules) : undefined;
    } catch (e) {
      if (/does not exist/i.test((e as Error).message)) return undefined; // a build by hand, or one before the table existed
      throw e;
    }
  }

  private async metrics(s: SnowflakeSession, version: string): Promise<Metrics> {
    const status = await s.query<{ status: string; n: number }>(`select status as status, count(*) as n from ${cloneName(version, "fct_store_matches")} group by status`);
    const reasons = await s.query<{ reason: string; n: number }>(`select failure_reason as reason, count(*) as n from ${cloneName(version, "diag_unmatched_stores")} group by failure_reason`);
    const by = Object.fromEntries(status.map((r) => [r.status, Number(r.n)]));
    const matched = by.MATCHED ?? 0;
    const gi = matched + (by.GI_ONLY ?? 0);
    const th = matched + (by.TH_ONLY ?? 0);
    return {
      byStatus: { MATCHED: matched, GI_ONLY: by.GI_ONLY ?? 0, TH_ONLY: by.TH_ONLY ?? 0 },
      matchRate: gi + th ? Math.round((2 * matched / (gi + th)) * 1e6) / 1e6 : 0,
      byReason: Object.fromEntries(reasons.map((r) => [r.reason, Number(r.n)])),
    };
  }

  manifestLocation(versionId: string): string {
    return join(this.config.dataDir, "versions", versionId, "manifest.json");
  }

  manifest(v: Version): Manifest {
    return readManifestFile(v);
  }

  /** MART_NEXT gets views over the version's clones, then becomes MART in one statement. */
  async promote(manifest: Manifest): Promise<void> {
    const s = await this.warehouse.connection();
    const views = Object.entries(MART_VIEWS).filter(([t]) => manifest.tables[t as VersionTable]?.snapshotId) as [VersionTable, string][];
    const statements = (schema: string) => [...views.map(([t, view]) => martViewSql(schema, view, manifest.version, t)), martVersionViewSql(schema, manifest.version)];
    if (s.settings.emulator === "fakesnow") {
      // fakesnow has no ALTER SCHEMA … SWAP WITH: MART's views are replaced in one transaction.
      await this.warehouse.withOwnSession(async (own) => {
        await own.execute("create schema if not exists mart");
        await own.transaction(async () => {
          for (const sql of statements("MART")) await own.execute(sql);
        });
      });
      return;
    }
    for (const sql of statements("MART_NEXT")) await s.execute(sql);
    await s.execute(SWAP_SQL);
  }

  mirrorStatuses(statuses: Record<string, string>): Promise<void> {
    return this.warehouse.withOwnSession(async (s) => {
      await s.execute("create schema if not exists control");
      await s.execute("create table if not exists control.version_registry (version_id varchar, status varchar)");
      await s.transaction(async () => {
        await s.execute("delete from control.version_registry");
        const rows = Object.entries(statuses);
        if (rows.length > 0) await s.execute("insert into control.version_registry (version_id, status) values (?, ?)", rows);
      });
    }, "transformer");
  }

  /** Drop the clones of expired versions (a clone belongs to one version: nothing is shared). */
  async expire(drop: Manifest[], _keep: Manifest[]): Promise<void> {
    const s = await this.session();
    for (const m of drop) for (const t of VERSION_TABLES) await s.execute(dropCloneSql(m.version, t));
  }

  reader(manifest: Manifest): Promise<SharedVersionReader> {
    return warehouse(this.config).reader(manifest);
  }

  withReader<T>(manifest: Manifest, fn: (r: VersionReader) => Promise<T>): Promise<T> {
    return warehouse(this.config).withVersion(manifest, fn);
  }
}
