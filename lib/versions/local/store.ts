import type { Version } from "@prisma/client";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Config } from "../../config";
import { AppError } from "../../control/errors";
import { warehouse } from "../../warehouse";
import type { SharedVersionReader, VersionReader } from "../../warehouse/port";
import { VERSION_TABLES, type Manifest } from "../manifest";
import { iceberg, startIceberg } from "./python";
import type { PendingPublish, PublishInput, VersionStore } from "../store";

const versionsDir = (config: Config) => join(config.dataDir, "versions");
/** MART, locally: the promoted version's id, swapped atomically; readers default to it. */
export const promotedPointer = (config: Config) => join(versionsDir(config), "promoted.json");

const publishArgs = (i: PublishInput) => ({ tables: VERSION_TABLES, version: i.version, runId: i.runId, snapshotDir: i.exportDir, invocation: i.invocationId, gitCommit: i.gitCommit });

/** A version's manifest file (the path the control plane recorded). */
export function readManifestFile(v: Pick<Version, "id" | "manifest" | "expiredAt">): Manifest {
  if (v.expiredAt) throw new AppError("CONFLICT", `version ${v.id} was expired by retention: its files are gone`);
  if (!v.manifest || !existsSync(v.manifest)) {
    // The path goes to the server's log, not to users: it says where the workspace lives.
    console.error(`version ${v.id}: manifest missing at ${v.manifest ?? "(none recorded)"}`);
    throw new AppError("NOT_FOUND", `version ${v.id} has no manifest on disk: its files are missing (the server log names the path)`);
  }
  const m = JSON.parse(readFileSync(v.manifest, "utf8")) as Manifest;
  // A version published before a table joined the set has no snapshot of it: an empty entry.
  for (const t of VERSION_TABLES) m.tables[t] ??= { snapshotId: "", files: [], rows: 0 };
  return m;
}

/**
 * Versions on local files: one Iceberg table per published table (pyiceberg, SQLite catalog,
 * lib/versions/local/iceberg.py), a manifest per version listing each snapshot's Parquet files, and a
 * promoted pointer. Readers are the warehouse's (DuckDB over the manifest's files).
 */
export class LocalVersionStore implements VersionStore {
  /** A version is made of the Parquet files a build on this host exported (dbt-duckdb's warehouse is a local file). */
  readonly publishesLiveTables = false;

  constructor(private readonly config: Config) {}

  preparePublish(): PendingPublish {
    // Python's start and pyiceberg's imports (most of a second) are paid while dbt runs.
    const p = startIceberg<Manifest>(this.config, ["publish-stdin"], true);
    return { publish: (i) => p.send(JSON.stringify(publishArgs(i))), stop: () => p.stop() };
  }

  publish(i: PublishInput): Promise<Manifest> {
    const a = publishArgs(i);
    return iceberg<Manifest>(this.config, [
      "publish", "--tables", JSON.stringify(a.tables), "--version", a.version, "--run-id", a.runId, "--snapshot-dir", a.snapshotDir,
      ...(a.invocation ? ["--invocation", a.invocation] : []), ...(a.gitCommit ? ["--git-commit", a.gitCommit] : []),
    ]);
  }

  manifestLocation(versionId: string): string {
    return join(versionsDir(this.config), versionId, "manifest.json");
  }

  manifest(v: Version): Manifest {
    return readManifestFile(v);
  }

  async promote(manifest: Manifest): Promise<void> {
    mkdirSync(versionsDir(this.config), { recursive: true });
    const tmp = `${promotedPointer(this.config)}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ version: manifest.version, promotedAt: new Date().toISOString() }));
    renameSync(tmp, promotedPointer(this.config));
  }

  async mirrorStatuses(statuses: Record<string, string>): Promise<void> {
    await iceberg(this.config, ["set-status", "--statuses", JSON.stringify(statuses)]);
  }

  async expire(drop: Manifest[], keep: Manifest[]): Promise<void> {
    const keepIds: Record<string, string[]> = Object.fromEntries(VERSION_TABLES.map((t) => [t, [] as string[]]));
    const keepFiles = new Set<string>();
    for (const m of keep) {
      for (const t of VERSION_TABLES) {
        if (m.tables[t].snapshotId) keepIds[t]!.push(m.tables[t].snapshotId);
        m.tables[t].files.forEach((f) => keepFiles.add(f));
      }
    }
    await iceberg(this.config, ["expire", "--keep", JSON.stringify(keepIds)]);
    for (const m of drop) {
      for (const t of VERSION_TABLES) for (const f of m.tables[t].files) if (!keepFiles.has(f)) rmSync(f, { force: true });
      rmSync(join(versionsDir(this.config), m.version), { recursive: true, force: true });
    }
  }

  reader(manifest: Manifest): Promise<SharedVersionReader> {
    return warehouse(this.config).reader(manifest);
  }

  withReader<T>(manifest: Manifest, fn: (r: VersionReader) => Promise<T>): Promise<T> {
    return warehouse(this.config).withVersion(manifest, fn);
  }
}
