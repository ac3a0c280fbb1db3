import { readFileSync } from "node:fs";
import { basename } from "node:path";
import type { Config } from "./config";
import { InputError } from "./ingest/validate";
import { warehouse } from "./warehouse";
import { withVersion } from "./versions/read";

export interface Quality {
  truePositives: number;
  predicted: number;
  truth: number;
  precision: number;
  recall: number;
  f1: number;
}

/** Refuses a truth file that cannot be read or lacks the gi_id,th_id header. */
function checkTruthFile(truthPath: string): void {
  const label = basename(truthPath);
  let head: string;
  try {
    head = readFileSync(truthPath, "utf8").split(/\r?\n/, 1)[0] ?? "";
  } catch (e) {
    throw new InputError(label, null, null, `cannot read the file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  const cols = head.replace(/^\uFEFF/, "").split(",").map((c) => c.trim().toLowerCase());
  for (const c of ["gi_id", "th_id"]) if (!cols.includes(c)) throw new InputError(label, 1, c, "required column is missing from the header (expected gi_id,th_id)");
}

/** Precision, recall and F1 of the current MATCHED pairs against a truth file (gi_id,th_id). */
export async function quality(config: Config, truthPath: string, version?: string): Promise<Quality> {
  checkTruthFile(truthPath);
  return withVersion(config, version, async (r) => {
    const { tp, predicted, truth } = await r.qualityCounts(truthPath);
    const precision = predicted === 0 ? 0 : tp / predicted;
    const recall = truth === 0 ? 0 : tp / truth;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { truePositives: tp, predicted, truth, precision, recall, f1 };
  });
}

export interface PairsCompleteness {
  /** Truth pairs whose two stores are both in the warehouse. */
  truthPairs: number;
  /** Of those, the pairs blocking made candidates. */
  truthPairsBlocked: number;
  /** truthPairsBlocked / truthPairs: the recall ceiling of the matcher. */
  completeness: number;
  candidatePairs: number;
  giStores: number;
  thStores: number;
  /** Candidate pairs per store of one side: candidatePairs / ((giStores + thStores) / 2). */
  pairsPerStore: number;
}

/**
 * Pairs completeness (the share of truth pairs that blocking turns into candidates) and pairs
 * per store, read from the live warehouse of the last run, opened read-only. The caller makes
 * sure no run writes it meanwhile (the CLI holds the warehouse lease).
 */
export async function pairsCompleteness(config: Config, truthPath: string): Promise<PairsCompleteness> {
  checkTruthFile(truthPath);
  const x = await warehouse(config).pairsCompleteness(truthPath);
  return {
    ...x,
    completeness: x.truthPairs === 0 ? 0 : x.truthPairsBlocked / x.truthPairs,
    pairsPerStore: x.giStores + x.thStores === 0 ? 0 : x.candidatePairs / ((x.giStores + x.thStores) / 2),
  };
}
