import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";

/** One failure reason, as dbt computes it (dbt/models/diagnostics/diag_unmatched_stores.sql). */
export interface Reason {
  reason: string;
  /** A few words, for tables and charts. */
  summary: string;
  /** A full sentence about one unmatched store and its best candidate, with what to do. */
  explanation: string;
}

const cache = new Map<string, Map<string, Reason>>();

/**
 * The failure reasons, from the one list both dbt (a relationships test) and the console read:
 * the dbt project's seeds/failure_reasons.csv.
 */
export function failureReasons(dbtDir: string): Map<string, Reason> {
  const file = join(dbtDir, "seeds", "failure_reasons.csv");
  const hit = cache.get(file);
  if (hit) return hit;
  const rows = parse(readFileSync(file, "utf8"), { columns: true, skip_empty_lines: true }) as Reason[];
  const reasons = new Map(rows.map((r) => [r.reason, r]));
  cache.set(file, reasons);
  return reasons;
}
