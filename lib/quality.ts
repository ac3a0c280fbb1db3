import { existsSync, readFileSync } from "node:fs";
import { basename } from "node:path";
import { paths, type Config } from "./config";
import { InputError } from "./ingest/validate";
import { queryRows, sqlString, withWarehouseReadOnly } from "./warehouse/duck";
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

const truthCte = (truthPath: string) => `
  truth as (
    select distinct trim(gi_id) as gi_id, trim(th_id) as th_id
    from read_csv(${sqlString(truthPath)}, header = true, all_varchar = true)
    where nullif(trim(gi_id), '') is not null and nullif(trim(th_id), '') is not null
  )`;

/** Precision, recall and F1 of the current MATCHED pairs against a truth file (gi_id,th_id). */
export async function quality(config: Config, truthPath: string, version?: string): Promise<Quality> {
  checkTruthFile(truthPath);
  return withVersion(config, version, async (q) => {
    const [r] = await q<{ tp: number; predicted: number; truth: number }>(`
      with ${truthCte(truthPath)},
      predicted as (select gi_id, th_id from fct_store_matches where status = 'MATCHED')
      select
        (select count(*) from predicted p join truth t using (gi_id, th_id)) as tp,
        (select count(*) from predicted) as predicted,
        (select count(*) from truth) as truth`);
    const { tp, predicted, truth } = r!;
    const precision = predicted === 0 ? 0 : tp / predicted;
    const recall = truth === 0 ? 0 : tp / truth;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { truePositives: tp, predicted, truth, precision, recall, f1 };
  });
}

/** The table of candidate pairs that reach scoring (blocking's output). */
export const CANDIDATE_PAIRS_TABLE = "staging.int_candidate_pairs_blocked";

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
  const file = paths(config).warehouseFile;
  if (!existsSync(file)) throw new InputError("warehouse", null, null, "no run has built the warehouse yet");
  return withWarehouseReadOnly(file, async (c) => {
    const [r] = await queryRows<Omit<PairsCompleteness, "completeness" | "pairsPerStore">>(
      c,
      `with ${truthCte(truthPath)},
      stores as (
        select 'gi' as source, store_id from staging.stg_gi__stores
        union all select 'th', store_id from staging.stg_th__stores
      ),
      present as (
        select t.* from truth t
        where t.gi_id in (select store_id from stores where source = 'gi')
          and t.th_id in (select store_id from stores where source = 'th')
      )
      select
        (select count(*) from present) as "truthPairs",
        (select count(*) from present p join ${CANDIDATE_PAIRS_TABLE} b using (gi_id, th_id)) as "truthPairsBlocked",
        (select count(*) from ${CANDIDATE_PAIRS_TABLE}) as "candidatePairs",
        (select count(*) from stores where source = 'gi') as "giStores",
        (select count(*) from stores where source = 'th') as "thStores"`,
    );
    const x = r!;
    return {
      ...x,
      completeness: x.truthPairs === 0 ? 0 : x.truthPairsBlocked / x.truthPairs,
      pairsPerStore: x.giStores + x.thStores === 0 ? 0 : x.candidatePairs / ((x.giStores + x.thStores) / 2),
    };
  });
}
