import type { Config } from "../config";
import { audit } from "../control/audit";
import { control } from "../control/db";
import { countTriggersByReasonSince, insertScanTriggers } from "../control/scan-triggers";
import { getSettings, setSettingIn } from "../control/settings";
import { withVersion } from "../versions/read";

export interface ScanResult {
  version: string;
  /** Triggers created by this scan (ids batch.fromId … batch.toId). */
  created: number;
  /** Stores with potential that already had an open trigger. */
  skipped: number;
  createdByReason: Record<string, number>;
  /** The ids this scan's one insert gave its triggers, and when; null when it created none. */
  batch: { fromId: number; toId: number; createdAt: string } | null;
  storesWithPotential: number;
  totalStores: number;
  shareWithPotential: number;
  fullRefreshNeeded: boolean;
}

/**
 * Turn promising failures into reprocess triggers: every unmatched store of the promoted
 * version whose potential score is above the setting gets one trigger (priority = that score,
 * reason = its failure reason), unless it already has an open one. Set-based: the candidates
 * go to the control plane as one bound JSON value and one INSERT … SELECT … WHERE NOT EXISTS creates
 * them all, in one transaction with one audit event carrying the counts and the batch (so a
 * scan of 400,000 stores costs seconds, and running it twice creates nothing the second time).
 * When the share of such stores is above full_refresh_bound, full_refresh_needed is set.
 */
export async function scan(config: Config, actor: string): Promise<ScanResult> {
  const db = control(config);
  const settings = await getSettings(db);
  // The promoted version's diagnostics: what users see is what gets healed.
  const { payload, candidates, totalStores, version } = await withVersion(config, "promoted", async (r, manifest) => {
    const c = await r.scanCandidates(Number(settings.scan_min_potential));
    return { payload: c.json, candidates: c.count, totalStores: await r.storeCount(), version: manifest.version };
  });
  const share = totalStores === 0 ? 0 : candidates / totalStores;
  const needed = share > settings.full_refresh_bound;
  const now = new Date();
  const result = await db.$transaction(
    async (tx) => {
      const { before, created } = await insertScanTriggers(tx, config.controlPlane.provider, {
        payload, autoApprove: settings.auto_approve, autoApproveMin: settings.auto_approve_min_potential, actor, at: now,
      });
      const createdByReason = await countTriggersByReasonSince(tx, before);
      const batch = created > 0 ? { fromId: before + 1, toId: before + created, createdAt: now.toISOString() } : null;
      if (needed && !settings.full_refresh_needed) await setSettingIn(tx, "full_refresh_needed", true, actor);
      await audit(tx, {
        actor, action: "scan.run", entity: "Scan", entityId: version,
        after: { created, skipped: candidates - created, createdByReason, batch, storesWithPotential: candidates, share, fullRefreshNeeded: needed, autoApprove: settings.auto_approve },
      });
      return { created, createdByReason, batch };
    },
    { timeout: 300_000, maxWait: 60_000 },
  );
  return {
    version, ...result, skipped: candidates - result.created,
    storesWithPotential: candidates, totalStores, shareWithPotential: share, fullRefreshNeeded: needed || settings.full_refresh_needed,
  };
}
