import type { Config } from "../config";
import { withVersion } from "./read";

export interface MatchCounts {
  version: string;
  runId: string;
  matched: number;
  giOnly: number;
  thOnly: number;
  giStores: number;
  thStores: number;
  matchRate: number;
}

export async function matchCounts(config: Config, spec?: string): Promise<MatchCounts> {
  return withVersion(config, spec, async (q, manifest) => {
    const [r] = await q<{ matched: number; gi_only: number; th_only: number }>(`
      select count(*) filter (where status = 'MATCHED') as matched,
             count(*) filter (where status = 'GI_ONLY') as gi_only,
             count(*) filter (where status = 'TH_ONLY') as th_only
      from fct_store_matches`);
    const giStores = r!.matched + r!.gi_only;
    const thStores = r!.matched + r!.th_only;
    return {
      version: manifest.version,
      runId: manifest.runId,
      matched: r!.matched,
      giOnly: r!.gi_only,
      thOnly: r!.th_only,
      giStores,
      thStores,
      matchRate: giStores + thStores === 0 ? 0 : (2 * r!.matched) / (giStores + thStores),
    };
  });
}

export interface ReasonCount {
  reason: string;
  stores: number;
  avgPotential: number | null;
}

export async function failureReasons(config: Config, spec?: string): Promise<ReasonCount[]> {
  return withVersion(config, spec, (q) =>
    q<ReasonCount>(`
      select failure_reason as reason, count(*) as stores, round(avg(potential_score), 1) as "avgPotential"
      from diag_unmatched_stores group by 1 order by stores desc, reason`),
  );
}
