import type { Config } from "../config";
import { audit } from "../control/audit";
import { control } from "../control/db";
import { getSettings, setSetting } from "../control/settings";
import { createTrigger, type TriggerDto } from "../control/triggers";
import { withVersion } from "../versions/read";

export interface ScanResult {
  version: string;
  created: TriggerDto[];
  skipped: { source: string; storeId: string; why: string }[];
  storesWithPotential: number;
  totalStores: number;
  shareWithPotential: number;
  fullRefreshNeeded: boolean;
}

/**
 * Turn promising failures into reprocess triggers: every unmatched store of the published
 * results whose potential score is above the setting gets one trigger (priority = that
 * score, reason = its failure reason), unless it already has an open one. When the share of
 * such stores is above full_refresh_bound, full_refresh_needed is set.
 */
export async function scan(config: Config, actor: string): Promise<ScanResult> {
  const db = control(config);
  const settings = await getSettings(db);
  // The promoted version's diagnostics: what users see is what gets healed.
  const { candidates, totalStores, version } = await withVersion(config, "promoted", async (q, manifest) => {
    const candidates = await q<{ source: string; store_id: string; failure_reason: string; potential_score: number }>(`
      select source, store_id, failure_reason, potential_score from diag_unmatched_stores
      where potential_score > ${Number(settings.scan_min_potential)}
      order by potential_score desc, source, store_id`);
    const [t] = await q<{ n: number }>(`select count(gi_id) + count(th_id) as n from fct_store_matches`);
    return { candidates, totalStores: t!.n, version: manifest.version };
  });
  const created: TriggerDto[] = [];
  const skipped: ScanResult["skipped"] = [];
  for (const c of candidates) {
    const auto = settings.auto_approve && c.potential_score > settings.auto_approve_min_potential;
    const t = await createTrigger(
      db,
      { source: c.source as "gi" | "th", storeId: c.store_id, reason: c.failure_reason, priority: c.potential_score, origin: "SCAN", status: auto ? "APPROVED" : "PENDING" },
      actor,
    );
    if (t) created.push(t);
    else skipped.push({ source: c.source, storeId: c.store_id, why: "already has an open trigger" });
  }
  const share = totalStores === 0 ? 0 : candidates.length / totalStores;
  const needed = share > settings.full_refresh_bound;
  if (needed && !settings.full_refresh_needed) await setSetting(db, "full_refresh_needed", true, actor);
  await db.$transaction((tx) =>
    audit(tx, { actor, action: "scan.run", entity: "Scan", entityId: version, after: { created: created.length, skipped: skipped.length, share, fullRefreshNeeded: needed } }),
  );
  return { version, created, skipped, storesWithPotential: candidates.length, totalStores, shareWithPotential: share, fullRefreshNeeded: needed || settings.full_refresh_needed };
}
