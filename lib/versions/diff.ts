import type { Config } from "../config";
import { warehouse } from "../warehouse";
import type { DiffRows } from "../warehouse/port";
import type { Manifest } from "./manifest";
import { resolveVersion } from "./registry";
import { versionStore } from "./store";

export type { PairChange, PartnerChange } from "../warehouse/port";

/** The diff of two versions; `counts` are full, the lists hold at most `limit` rows each. */
export interface VersionDiff extends DiffRows {
  a: string;
  b: string;
}

/**
 * What changed from version A to version B: pairs matched in B whose stores were both
 * unmatched in A (newly matched), pairs of A whose stores are both unmatched in B (lost),
 * stores matched in both to different partners, and the status and failure-reason deltas.
 */
export async function diffVersions(config: Config, aSpec: string, bSpec: string, limit?: number): Promise<VersionDiff> {
  const [va, vb] = [await resolveVersion(config, aSpec), await resolveVersion(config, bSpec)];
  // Versions never change once published, so neither does their diff: computed once per server.
  const key = `${config.dataDir}|${va.id}|${vb.id}|${limit ?? "all"}`;
  let hit = cache.get(key);
  if (!hit) {
    hit = computeDiff(config, versionStore(config).manifest(va), versionStore(config).manifest(vb), limit);
    cache.set(key, hit);
    hit.catch(() => cache.delete(key));
    if (cache.size > 20) cache.delete(cache.keys().next().value!);
  }
  return hit;
}

const cache = new Map<string, Promise<VersionDiff>>();

async function computeDiff(config: Config, ma: Manifest, mb: Manifest, limit?: number): Promise<VersionDiff> {
  return { a: ma.version, b: mb.version, ...(await warehouse(config).diff(ma, mb, limit)) };
}
