import type { Version } from "@prisma/client";
import type { Config } from "../config";
import type { SharedVersionReader, VersionReader } from "../warehouse/port";
import { LocalVersionStore } from "./local/store";
import { SnowflakeVersionStore } from "./snowflake/store";
import type { Manifest } from "./manifest";

/** What publishing a run needs: the version id to give it and what its build left behind. */
export interface PublishInput {
  version: string;
  runId: string;
  /** Where the build exported its tables (local: Parquet files and rules.json). */
  exportDir: string;
  invocationId: string | null;
  gitCommit: string | null;
  /**
   * The kind of build the run asked for. Given, a store that publishes from the live warehouse
   * (Snowflake: the build may have run elsewhere, on Airflow, GitHub or inside Snowflake) first
   * checks that the warehouse holds exactly this run's finished build of that kind, before and after
   * pinning it, and refuses (CONFLICT) otherwise. Locally the export is the run's own: nothing to check.
   */
  kind?: "FULL_REFRESH" | "TARGETED";
}

/** A publish started ahead of time (its slow start overlaps dbt's run). */
export interface PendingPublish {
  /** Publish now, with the run's results. */
  publish(input: PublishInput): Promise<Manifest>;
  /** The run publishes nothing: let it go. */
  stop(): void;
}

/**
 * The VersionStore port: where versions live and how they are pinned. The registry
 * (lib/versions/registry.ts) keeps the state transitions and the audit and calls this for the
 * storage side. Locally: pyiceberg + Parquet files + a manifest per version + a promoted pointer;
 * on Snowflake: Iceberg snapshot ids, a clone per version, MART views swapped on promotion.
 */
export interface VersionStore {
  /** Start a publish ahead of time (the runner calls it when dbt starts). */
  preparePublish(): PendingPublish;
  /**
   * Whether a run's build can be published from what the warehouse holds, wherever the build ran
   * (Snowflake: the live tables), rather than only from what a build on this host exported (local).
   */
  readonly publishesLiveTables: boolean;
  /** Publish a run's results as one snapshot per published table; returns the version's manifest (with its rules). */
  publish(input: PublishInput): Promise<Manifest>;
  /** Where a published version's manifest is kept (recorded in the control plane). */
  manifestLocation(versionId: string): string;
  /** A version's manifest (refused for an expired one or one whose manifest is gone). */
  manifest(v: Version): Manifest;
  /** Point consumers (MART) at this version. */
  promote(manifest: Manifest): Promise<void>;
  /** Copy the registry's statuses next to the data (the warehouse's version_registry). Only under the warehouse lease. */
  mirrorStatuses(statuses: Record<string, string>): Promise<void>;
  /** Expire versions: their snapshots and whatever data no kept version uses. */
  expire(drop: Manifest[], keep: Manifest[]): Promise<void>;
  /** A long-lived reader of a version, shared across requests. */
  reader(manifest: Manifest): Promise<SharedVersionReader>;
  /** A short-lived reader for one command. */
  withReader<T>(manifest: Manifest, fn: (r: VersionReader) => Promise<T>): Promise<T>;
}

const stores = new Map<string, VersionStore>();

/** The configured version store, one per workspace and process. */
export function versionStore(config: Config): VersionStore {
  const key = `${config.warehouse}|${config.dataDir}`;
  let s = stores.get(key);
  if (!s) {
    s = config.warehouse === "snowflake" ? new SnowflakeVersionStore(config) : new LocalVersionStore(config);
    stores.set(key, s);
  }
  return s;
}
