import type { Config } from "../config";
import { control } from "../control/db";
import { warehouse } from "../warehouse";
import type { StoreKey, StoreProfile } from "../warehouse/port";
import type { VersionReader } from "./reader";
import { versionStore } from "./store";

export type { StoreKey, StoreProfile } from "../warehouse/port";

/** The profiles of a few stores of one version, keyed `source|store_id`. */
export async function storeProfiles(r: VersionReader, keys: StoreKey[]): Promise<Map<string, StoreProfile>> {
  const out = new Map<string, StoreProfile>();
  for (const k of keys) {
    const p = await r.storeProfile(k);
    if (p) out.set(`${p.source}|${p.store_id}`, p);
  }
  return out;
}

/** Stores whose id is the text, or whose raw name contains it (case-insensitive), best first. */
export async function searchStores(r: VersionReader, text: string, source?: "gi" | "th", limit = 25) {
  const t = text.trim();
  if (!t) return [];
  return r.searchStores(t, source, limit);
}

export interface StoreHistoryRow {
  version: string;
  promotedAt: string | null;
  versionStatus: string;
  matchStatus: string | null;
  partner: string | null;
  score: number | null;
  failureReason: string | null;
  potentialScore: number | null;
}

/** One store across the last `limit` live versions: matched to whom, or why not. */
export async function storeHistory(config: Config, key: StoreKey, limit = 10, opts: { promotedOnly?: boolean } = {}): Promise<StoreHistoryRow[]> {
  // promotedOnly: for roles that read promoted versions only (lib/versions/access.ts).
  const versions = await control(config).version.findMany({
    where: { expiredAt: null, ...(opts.promotedOnly ? { promotedAt: { not: null } } : {}) }, orderBy: { createdAt: "desc" }, take: limit,
  });
  if (versions.length === 0) return [];
  const rows = await warehouse(config).storeHistory(versions.map((v) => versionStore(config).manifest(v)), key);
  return rows.map((r, i) => {
    const v = versions[i]!;
    return { version: v.id, versionStatus: v.status, promotedAt: v.promotedAt?.toISOString() ?? null, ...r };
  });
}
