import type { Config } from "../config";
import { audit } from "../control/audit";
import { control } from "../control/db";
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

/** Prisma's SQLite DateTime text ("2026-11-29T15:22:50.487+00:00"), for rows written in SQL. */
const sqliteDate = (d: Date) => d.toISOString().replace("Z", "+00:00");

/**
 * Turn promising failures into reprocess triggers: every unmatched store of the promoted
 * version whose potential score is above the setting gets one trigger (priority = that score,
 * reason = its failure reason), unless it already has an open one. Set-based: the candidates
 * go to SQLite as one bound JSON value and one INSERT … SELECT … WHERE NOT EXISTS creates
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
  const at = sqliteDate(now);
  const result = await db.$transaction(
    async (tx) => {
      const [{ maxId }] = await tx.$queryRawUnsafe<{ maxId: number | bigint }[]>(`select coalesce(max(id), 0) as maxId from "Trigger"`) as [{ maxId: number | bigint }];
      const before = Number(maxId);
      const created = await tx.$executeRawUnsafe(
        // Each value is bound once (p); the candidates arrive as one JSON array.
        `with p as (select ? as payload, ? as auto, ? as minp, ? as actor, ? as at),
              c as (select json_extract(j.value, '$[0]') as source, json_extract(j.value, '$[1]') as storeId,
                           json_extract(j.value, '$[2]') as reason, cast(json_extract(j.value, '$[3]') as real) as priority,
                           j.key as ord, p.auto and cast(json_extract(j.value, '$[3]') as real) > p.minp as approved, p.actor, p.at
                    from p, json_each(p.payload) j)
         insert into "Trigger" ("source", "storeId", "reason", "priority", "status", "origin", "createdBy", "decidedBy", "decidedAt", "createdAt", "updatedAt")
         select c.source, c.storeId, c.reason, c.priority, case when c.approved then 'APPROVED' else 'PENDING' end, 'SCAN', c.actor,
                case when c.approved then c.actor || ' (auto-approve)' end, case when c.approved then c.at end, c.at, c.at
         from c
         where not exists (select 1 from "Trigger" t where t."source" = c.source and t."storeId" = c.storeId and t."status" in ('PENDING', 'APPROVED'))
         order by c.ord`,
        payload, settings.auto_approve ? 1 : 0, settings.auto_approve_min_potential, actor, at,
      );
      const byReason = await tx.$queryRawUnsafe<{ reason: string; n: number | bigint }[]>(
        `select "reason", count(*) as n from "Trigger" where id > ? group by "reason" order by n desc, "reason"`, before);
      const createdByReason = Object.fromEntries(byReason.map((r) => [r.reason, Number(r.n)]));
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
