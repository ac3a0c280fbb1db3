import type { Config } from "../config";
import { queryRows, withMemoryDuckDB } from "../warehouse/duck";
import { attachVersion } from "./read";
import type { VersionReader } from "./reader";
import { readManifest } from "./registry";
import { control } from "../control/db";

/** A store's raw and normalized values, as published with a version (dbt model dim_stores). */
export interface StoreProfile {
  source: "gi" | "th";
  store_id: string;
  name_raw: string | null;
  address_raw: string | null;
  postcode_raw: string | null;
  city_raw: string | null;
  country_raw: string | null;
  phone_raw: string | null;
  lat: number | null;
  lon: number | null;
  name_tokens: string[] | null;
  name_norm: string | null;
  address_norm: string | null;
  postcode_norm: string | null;
  city_norm: string | null;
  country_code: string | null;
  phone_norm: string | null;
  brand: string | null;
}

export type StoreKey = { source: "gi" | "th"; storeId: string };

/** The profiles of a few stores of one version, keyed `source|store_id`. */
export async function storeProfiles(r: VersionReader, keys: StoreKey[]): Promise<Map<string, StoreProfile>> {
  // One query per store: a simple (source, store_id) filter lets DuckDB skip the Parquet row
  // groups that cannot hold it (the files are sorted that way); an OR of pairs would not.
  const rows: StoreProfile[] = [];
  for (const k of keys) {
    rows.push(...(await r.query<StoreProfile>(
      `select * from dim_stores where source = $1 and store_id = $2 order by computed_at desc nulls last limit 1`, [k.source, k.storeId])));
  }
  return new Map(rows.map((p) => [`${p.source}|${p.store_id}`, { ...p, name_tokens: p.name_tokens ? [...p.name_tokens] : null }]));
}

/** Stores whose id is the text, or whose raw name contains it (case-insensitive), best first. */
export async function searchStores(r: VersionReader, text: string, source?: "gi" | "th", limit = 25) {
  const t = text.trim();
  if (!t) return [];
  const src = source ? `and source = $3` : "";
  return r.query<{ source: "gi" | "th"; store_id: string; name_raw: string; city_raw: string | null; postcode_raw: string | null }>(`
    select source, store_id, name_raw, city_raw, postcode_raw from dim_stores
    where (store_id = $1 or name_raw ilike $2 escape '\\') ${src}
    qualify row_number() over (partition by source, store_id order by computed_at desc nulls last) = 1
    order by store_id = $1 desc, name_raw, source, store_id
    limit ${Math.min(Math.max(1, limit), 100)}`, [t, `%${t.replace(/[\\%_]/g, (c) => `\\${c}`)}%`, ...(source ? [source] : [])]);
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
  const idCol = key.source === "gi" ? "gi_id" : "th_id";
  const partnerCol = key.source === "gi" ? "th_id" : "gi_id";
  return withMemoryDuckDB(async (c) => {
    const parts: string[] = [];
    for (const [i, v] of versions.entries()) {
      const p = `v${i}_`;
      await attachVersion(c, readManifest(v), p);
      // One scan of each table per version (gold by the store's id, diagnostics by (source, id)).
      // Version ids are ours (v<N>); the store's key is bound ($1 source, $2 store id).
      parts.push(`select '${v.id.replace(/[^A-Za-z0-9_-]/g, "")}' as version, ${i} as ord, g.status as match_status, g.partner, g.score, d.failure_reason, d.potential_score
        from (select 1) one
        left join (select status, ${partnerCol} as partner, score from ${p}fct_store_matches where ${idCol} = $2 limit 1) g on true
        left join (select failure_reason, potential_score from ${p}diag_unmatched_stores where source = $1 and store_id = $2 limit 1) d on true`);
    }
    const rows = await queryRows<{ version: string; ord: number; match_status: string | null; partner: string | null; score: number | null; failure_reason: string | null; potential_score: number | null }>(
      c, `${parts.join("\nunion all\n")} order by ord`, [key.source, key.storeId]);
    return rows.map((r) => {
      const v = versions[r.ord]!;
      return {
        version: r.version, versionStatus: v.status, promotedAt: v.promotedAt?.toISOString() ?? null,
        matchStatus: r.match_status, partner: r.partner, score: r.score, failureReason: r.failure_reason, potentialScore: r.potential_score,
      };
    });
  });
}
