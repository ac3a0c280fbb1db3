import type { Config } from "../config";
import type { ReasonCount } from "../warehouse/port";
import { withVersion } from "./read";

export type { ReasonCount } from "../warehouse/port";

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
  return withVersion(config, spec, async (r, manifest) => {
    const { matched, giOnly, thOnly } = await r.statusCounts();
    const giStores = matched + giOnly;
    const thStores = matched + thOnly;
    return {
      version: manifest.version, runId: manifest.runId, matched, giOnly, thOnly, giStores, thStores,
      matchRate: giStores + thStores === 0 ? 0 : (2 * matched) / (giStores + thStores),
    };
  });
}

export async function failureReasons(config: Config, spec?: string): Promise<ReasonCount[]> {
  return withVersion(config, spec, (r) => r.reasonSummary());
}
