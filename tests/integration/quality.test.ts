import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { closeControl, control } from "../../lib/control/db";
import { hostId } from "../../lib/runner/host";
import { cli, cliOk, lit, tempDir, warehouseQuery, workspaceConfig } from "../helpers";

// Acceptance 2: 10,000 generated stores, F1 ≥ 0.97 with every column and ≥ 0.90 without
// postcode, phone, lat and lon in either file.
function f1For(dropColumns: string | null): number {
  const dir = tempDir();
  const env = { STOREMATCH_DATA_DIR: join(dir, "data") };
  cliOk(["generate", "--stores", "10000", "--seed", "42", "--out", join(dir, "in"), ...(dropColumns ? ["--drop-columns", dropColumns] : [])], env);
  cliOk(["ingest", "--gi", join(dir, "in", "gi.csv"), "--th", join(dir, "in", "th.csv")], env);
  cliOk(["run", "--quiet"], env);
  const q = JSON.parse(cliOk(["quality", "--truth", join(dir, "in", "truth.csv"), "--json"], env).stdout) as { f1: number };
  return q.f1;
}

describe("match quality on 10,000 generated stores", () => {
  it("F1 ≥ 0.97 with all columns", () => {
    expect(f1For(null)).toBeGreaterThanOrEqual(0.97);
  });

  it("F1 ≥ 0.90 without postcode, phone, lat and lon", () => {
    expect(f1For("postcode,phone,lat,lon")).toBeGreaterThanOrEqual(0.9);
  });
});

describe("storematch quality --pairs", () => {
  it("reports pairs completeness and pairs per store from the warehouse, in text and JSON, and refuses while the warehouse is busy", async () => {
    const dir = tempDir();
    const data = join(dir, "data");
    const env = { STOREMATCH_DATA_DIR: data };
    cliOk(["generate", "--stores", "2000", "--seed", "3", "--out", join(dir, "in")], env);
    cliOk(["ingest", "--gi", join(dir, "in", "gi.csv"), "--th", join(dir, "in", "th.csv")], env);
    cliOk(["run", "--quiet"], env);
    const truth = join(dir, "in", "truth.csv");

    // The existing output is unchanged without --pairs.
    const plain = JSON.parse(cliOk(["quality", "--truth", truth, "--json"], env).stdout) as Record<string, unknown>;
    expect(Object.keys(plain).sort()).toEqual(["f1", "precision", "predicted", "recall", "truePositives", "truth"]);

    const q = JSON.parse(cliOk(["quality", "--truth", truth, "--pairs", "--json"], env).stdout) as {
      truth: number;
      pairs: { truthPairs: number; truthPairsBlocked: number; completeness: number; candidatePairs: number; giStores: number; thStores: number; pairsPerStore: number };
    };
    const [expected] = await warehouseQuery<{ truth_blocked: number; pairs: number; gi: number; th: number }>(
      data,
      `select
         (select count(*) from read_csv(${lit(truth)}, header = true, all_varchar = true) t
            join staging.int_candidate_pairs_blocked b using (gi_id, th_id)) as truth_blocked,
         (select count(*) from staging.int_candidate_pairs_blocked) as pairs,
         (select count(*) from staging.stg_gi__stores) as gi,
         (select count(*) from staging.stg_th__stores) as th`,
    );
    expect(q.pairs.truthPairs).toBe(q.truth);
    expect(q.pairs.truthPairsBlocked).toBe(expected!.truth_blocked);
    expect(q.pairs.candidatePairs).toBe(expected!.pairs);
    expect([q.pairs.giStores, q.pairs.thStores]).toEqual([expected!.gi, expected!.th]);
    expect(q.pairs.completeness).toBeCloseTo(expected!.truth_blocked / q.truth, 10);
    expect(q.pairs.completeness).toBeGreaterThan(0.9);
    expect(q.pairs.pairsPerStore).toBeCloseTo(expected!.pairs / ((expected!.gi + expected!.th) / 2), 10);

    const text = cliOk(["quality", "--truth", truth, "--pairs"], env).stdout;
    expect(text).toMatch(/^precision \d\.\d{4} {2}recall \d\.\d{4} {2}F1 \d\.\d{4}/);
    expect(text).toContain(`pairs completeness ${q.pairs.completeness.toFixed(4)}  (${q.pairs.truthPairsBlocked} of ${q.truth} true pairs are candidates)`);
    expect(text).toContain(`pairs per store ${q.pairs.pairsPerStore.toFixed(2)}`);

    // A live process holding the warehouse lease (as a run does): refused, nothing read.
    const config = workspaceConfig(data);
    const key = `duckdb:${join(data, "warehouse.duckdb")}`;
    await control(config).lease.create({ data: { warehouse: key, holder: "run:test", hostId: hostId(config), pid: process.pid, acquiredMs: Date.now(), heartbeatMs: Date.now() } });
    await closeControl();
    const busy = cli(["quality", "--truth", truth, "--pairs"], env);
    expect(busy.code).toBe(1);
    expect(busy.stderr).toMatch(/^storematch: the warehouse is busy \(run:test, pid \d+\)/);
  });
});
