import { existsSync, renameSync, rmSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { AppError } from "./control/errors";
import type { Config } from "./config";
import { sqlString } from "./warehouse/duck";
import { withVersion } from "./versions/read";

/**
 * A text cell that a spreadsheet would read as a formula (it starts with =, +, -, @, a tab or a
 * carriage return) gets a leading ' so it stays text (OWASP's advice on CSV injection).
 */
export const csvSafe = (col: string) => `case when regexp_matches(${col}, '^[=+\\-@\\t\\r]') then '''' || ${col} else ${col} end as ${col}`;

/** Write a version's matches (default: the promoted one) as CSV gi_id,th_id,status,score; via a temp file, then renamed. */
export async function exportMatches(config: Config, out: string, version?: string): Promise<number> {
  if (existsSync(out) && statSync(out).isDirectory()) throw new AppError("INVALID", `${out} is a folder: give a file path, e.g. ${join(out, "matches.csv")}`);
  if (!existsSync(dirname(resolve(out)))) throw new AppError("INVALID", `the folder of ${out} does not exist: create it first`);
  const tmp = `${out}.${process.pid}.tmp`;
  try {
    return await withVersion(config, version, async (q) => {
      await q(`copy (
          select ${csvSafe("gi_id")}, ${csvSafe("th_id")}, status, score from fct_store_matches
          order by status, gi_id nulls last, th_id nulls last
        ) to ${sqlString(tmp)} (format csv, header true)`);
      const [r] = await q<{ n: number }>(`select count(*) as n from fct_store_matches`);
      renameSync(tmp, out);
      return r!.n;
    });
  } finally {
    rmSync(tmp, { force: true });
  }
}
