import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { closeControl } from "../../lib/control/db";
import { exportMatches } from "../../lib/export";
import { sqlString, withMemoryDuckDB } from "../../lib/warehouse/duckdb/db";
import { tempDir, workspaceConfig } from "../helpers";
import { publishSyntheticVersion } from "../synthetic";

describe("CSV export", () => {
  afterAll(() => closeControl());

  it("neutralizes cells a spreadsheet would run as formulas (leading =, +, -, @, tab, CR) with a leading '", async () => {
    const dir = tempDir();
    const config = workspaceConfig(join(dir, "data"));
    const m = await publishSyntheticVersion(config, "v1", { stores: 10, matched: 5 });
    const ids = ["=1+1", "+SUM(1+1)", "-2+3", "@SUM(A1)", "\tTAB", "\rCR", "GI-OK", "a=b"];
    await withMemoryDuckDB(async (c) => {
      const rows = ids.map((id, i) => `(${sqlString(id)}, ${sqlString(`TH-${i}`)}, 'MATCHED', 90.0)`).join(", ");
      await c.run(`copy (select * from (values ${rows}) t(gi_id, th_id, status, score)) to ${sqlString(m.tables.fct_store_matches.files[0]!)} (format parquet)`);
    });
    const out = join(dir, "matches.csv");
    expect(await exportMatches(config, out)).toBe(ids.length);
    const parsed = await withMemoryDuckDB(async (c) => (await c.runAndReadAll(`select gi_id from read_csv(${sqlString(out)}, header = true, all_varchar = true)`)).getRowObjectsJS().map((r) => r.gi_id));
    expect(new Set(parsed)).toEqual(new Set(["'=1+1", "'+SUM(1+1)", "'-2+3", "'@SUM(A1)", "'\tTAB", "'\rCR", "GI-OK", "a=b"]));
    expect(readFileSync(out, "utf8")).not.toMatch(/^=|\n=|,=/);
  });
});
