import { readFileSync } from "node:fs";
import { basename } from "node:path";
import type { Config } from "./config";
import { InputError } from "./ingest/validate";
import { sqlString } from "./warehouse/duck";
import { withVersion } from "./versions/read";

export interface Quality {
  truePositives: number;
  predicted: number;
  truth: number;
  precision: number;
  recall: number;
  f1: number;
}

/** Precision, recall and F1 of the current MATCHED pairs against a truth file (gi_id,th_id). */
export async function quality(config: Config, truthPath: string, version?: string): Promise<Quality> {
  const label = basename(truthPath);
  let head: string;
  try {
    head = readFileSync(truthPath, "utf8").split(/\r?\n/, 1)[0] ?? "";
  } catch (e) {
    throw new InputError(label, null, null, `cannot read the file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  const cols = head.replace(/^\uFEFF/, "").split(",").map((c) => c.trim().toLowerCase());
  for (const c of ["gi_id", "th_id"]) if (!cols.includes(c)) throw new InputError(label, 1, c, "required column is missing from the header (expected gi_id,th_id)");
  return withVersion(config, version, async (q) => {
    const [r] = await q<{ tp: number; predicted: number; truth: number }>(`
      with truth as (
        select distinct trim(gi_id) as gi_id, trim(th_id) as th_id
        from read_csv(${sqlString(truthPath)}, header = true, all_varchar = true)
        where nullif(trim(gi_id), '') is not null and nullif(trim(th_id), '') is not null
      ),
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
