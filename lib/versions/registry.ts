import type { Prisma, Version } from "@prisma/client";
import type { Config } from "../config";
import { audit } from "../control/audit";
import { control } from "../control/db";
import { AppError } from "../control/errors";
import { getSettings } from "../control/settings";
import { releaseLease, tryAcquireLease } from "../runner/lease";
import { warehouseKey } from "../runner/warehouse-key";
import { readManifestFile } from "./local/store";
import type { Manifest, Metrics } from "./manifest";
import { versionStore, type PendingPublish } from "./store";

export { VERSION_TABLES, type Manifest, type Metrics, type VersionTable } from "./manifest";

export interface VersionDto {
  id: string;
  runId: string;
  status: string;
  snapshots: Record<string, string>;
  gitCommit: string | null;
  invocationId: string | null;
  metrics: Metrics;
  createdAt: string;
  promotedAt: string | null;
  promotedBy: string | null;
  expired: boolean;
}

export const toVersionDto = (v: Version): VersionDto => ({
  id: v.id,
  runId: v.runId,
  status: v.status,
  snapshots: v.snapshots as Record<string, string>,
  gitCommit: v.gitCommit,
  invocationId: v.invocation,
  metrics: v.metrics as unknown as Metrics,
  createdAt: v.createdAt.toISOString(),
  promotedAt: v.promotedAt?.toISOString() ?? null,
  promotedBy: v.promotedBy,
  expired: v.expiredAt !== null,
});

export { promotedPointer } from "./local/store";

/** A local version's manifest file (tests and local tools; the domain asks the store: versionManifest). */
export function readManifest(v: Version): Manifest {
  return readManifestFile(v);
}

/** A version's manifest (an id, promoted or latest): its tables' snapshots and data, and the rules it was built with. */
export async function versionManifest(config: Config, spec = "promoted"): Promise<Manifest> {
  return versionStore(config).manifest(await resolveVersion(config, spec));
}

export async function listVersions(config: Config): Promise<VersionDto[]> {
  const rows = await control(config).version.findMany({ orderBy: { createdAt: "desc" } });
  return rows.map(toVersionDto);
}

/** A version id, `promoted` (the default everywhere) or `latest`. */
export async function resolveVersion(config: Config, spec = "promoted"): Promise<Version> {
  const db = control(config);
  let v: Version | null;
  if (spec === "promoted") {
    v = await db.version.findFirst({ where: { status: "PROMOTED" } });
    if (!v) {
      const any = await db.version.count();
      throw new AppError("NOT_FOUND", any ? "no version is promoted: promote one first" : "no published version yet: load the store lists and build the matches first", { remedy: any ? "promote" : "build" });
    }
  } else if (spec === "latest") {
    v = await db.version.findFirst({ where: { expiredAt: null }, orderBy: { createdAt: "desc" } });
    if (!v) throw new AppError("NOT_FOUND", "no published version yet: load the store lists and build the matches first", { remedy: "build" });
  } else {
    v = await db.version.findUnique({ where: { id: spec } });
    if (!v) throw new AppError("NOT_FOUND", `no version "${spec}"`, { remedy: "list-versions" });
  }
  return v;
}

async function nextVersionId(config: Config): Promise<string> {
  const rows = await control(config).version.findMany({ select: { id: true } });
  const max = rows.reduce((m, r) => Math.max(m, Number(/^v(\d+)$/.exec(r.id)?.[1] ?? 0)), 0);
  return `v${max + 1}`;
}

export type Publisher = PendingPublish;

/**
 * Start the storage side of publishVersion ahead of time (locally, Python's start and
 * pyiceberg's imports take most of a second): the runner calls it when dbt starts and hands it to
 * publishVersion; stop() it when the run publishes nothing.
 */
export function startPublisher(config: Config): Publisher {
  return versionStore(config).preparePublish();
}

/**
 * Publish a validated run: one snapshot per published table (the VersionStore), a manifest
 * carrying the match rules of the build, and a registry row in the control plane (and a copy
 * next to the data). The first version of a workspace is promoted at once; auto-promote may
 * promote later ones. Call it only while holding the warehouse lease (the runner does, in PUBLISHING).
 */
export async function publishVersion(
  config: Config, run: { id: string; kind: string }, exportDir: string, invocationId: string | null, gitCommit: string | null, publisher?: Publisher, actor = "system",
): Promise<VersionDto> {
  const db = control(config);
  const store = versionStore(config);
  const id = await nextVersionId(config);
  const kind = run.kind === "TARGETED" ? "TARGETED" : "FULL_REFRESH";
  const input = { version: id, runId: run.id, exportDir, invocationId, gitCommit, kind } as const;
  const manifest = publisher ? await publisher.publish(input) : await store.publish(input);
  invocationId = manifest.invocationId ?? invocationId; // a build that ran elsewhere: the invocation the store found
  const promoted = await db.version.findFirst({ where: { status: "PROMOTED" } });
  const version = await db.$transaction(async (tx) => {
    const v = await tx.version.create({
      data: {
        id, runId: run.id, status: "CANDIDATE", invocation: invocationId, gitCommit,
        snapshots: Object.fromEntries(Object.entries(manifest.tables).map(([t, x]) => [t, x.snapshotId])),
        metrics: manifest.metrics as unknown as Prisma.InputJsonObject,
        manifest: store.manifestLocation(id),
      },
    });
    await audit(tx, {
      actor, action: "versions.publish", entity: "Version", entityId: id,
      after: { runId: run.id, snapshots: manifest.tables.fct_store_matches.snapshotId, metrics: manifest.metrics, rules: manifest.rules ?? null },
    });
    return v;
  });
  const settings = await getSettings(db);
  if (!promoted) {
    await promoteVersion(config, id, "system (first version)");
  } else if (settings.auto_promote) {
    const before = (promoted.metrics as unknown as Metrics).matchRate * 100;
    const drop = before - manifest.metrics.matchRate * 100;
    if (drop <= settings.auto_promote_max_drop) await promoteVersion(config, id, `system (auto-promote: match rate ${drop > 0 ? "fell" : "rose"} ${Math.abs(drop).toFixed(2)} points)`);
  }
  await applyRetention(config);
  await mirrorStatuses(config); // the runner holds the warehouse lease while publishing
  return toVersionDto(await db.version.findUniqueOrThrow({ where: { id: version.id } }));
}

/** Copy every version's status next to the data (locally: the warehouse's control.version_registry). */
export async function mirrorStatuses(config: Config): Promise<void> {
  const rows = await control(config).version.findMany({ select: { id: true, status: true } });
  await versionStore(config).mirrorStatuses(Object.fromEntries(rows.map((r) => [r.id, r.status])));
}

/** Promote a version (rollback = promoting an older one). Atomic, audited; the promoted one again is a no-op. */
export async function promoteVersion(config: Config, id: string, actor: string): Promise<{ changed: boolean; version: VersionDto; previous: string | null }> {
  const db = control(config);
  const target = await db.version.findUnique({ where: { id } });
  if (!target) throw new AppError("NOT_FOUND", `no version "${id}"`, { remedy: "list-versions" });
  if (target.expiredAt) throw new AppError("CONFLICT", `version ${id} was expired by retention and cannot be promoted`);
  if (target.status === "PROMOTED") return { changed: false, version: toVersionDto(target), previous: id };
  const manifest = versionStore(config).manifest(target); // its files must be there
  const result = await db.$transaction(async (tx) => {
    const current = await tx.version.findFirst({ where: { status: "PROMOTED" } });
    if (current) await tx.version.update({ where: { id: current.id }, data: { status: "RETIRED" } });
    const v = await tx.version.update({ where: { id }, data: { status: "PROMOTED", promotedAt: new Date(), promotedBy: actor } });
    await audit(tx, { actor, action: "versions.promote", entity: "Version", entityId: id, before: { promoted: current?.id ?? null, status: target.status }, after: { promoted: id, status: "PROMOTED" } });
    return { v, previous: current?.id ?? null };
  });
  await versionStore(config).promote(manifest);
  // The warehouse copy of the registry follows now if no run holds the warehouse, else at the next publish.
  const wh = warehouseKey(config);
  const holder = `promote:${process.pid}`;
  if (await tryAcquireLease(db, wh, holder)) {
    try {
      await mirrorStatuses(config);
    } finally {
      await releaseLease(db, wh, holder);
    }
  }
  return { changed: true, version: toVersionDto(result.v), previous: result.previous };
}

/**
 * Retention: keep the promoted version, the last `retention_candidates` candidates and every
 * version younger than `retention_days`; expire the others' Iceberg snapshots and delete the
 * data files no kept version uses.
 */
export async function applyRetention(config: Config, now = new Date()): Promise<string[]> {
  const db = control(config);
  const settings = await getSettings(db);
  const live = await db.version.findMany({ where: { expiredAt: null }, orderBy: { createdAt: "desc" } });
  const candidates = live.filter((v) => v.status === "CANDIDATE").slice(0, settings.retention_candidates).map((v) => v.id);
  const youngerThan = now.getTime() - settings.retention_days * 86_400_000;
  const keep = live.filter((v) => v.status === "PROMOTED" || candidates.includes(v.id) || v.createdAt.getTime() >= youngerThan);
  const drop = live.filter((v) => !keep.includes(v));
  if (drop.length === 0) return [];
  const store = versionStore(config);
  const keepManifests = keep.map((v) => store.manifest(v));
  const dropManifests = drop.map((v) => store.manifest(v));
  // Expired in the registry first: a crash before the files go leaves unused files, never a
  // live version without its data.
  for (const v of drop) {
    await db.$transaction(async (tx) => {
      await tx.version.update({ where: { id: v.id }, data: { expiredAt: now, status: v.status === "CANDIDATE" ? "RETIRED" : v.status } });
      await audit(tx, { actor: "system", action: "versions.expire", entity: "Version", entityId: v.id, before: { status: v.status }, after: { expired: true } });
    });
  }
  await versionStore(config).expire(dropManifests, keepManifests);
  return drop.map((v) => v.id);
}
