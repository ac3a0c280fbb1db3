import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeControl } from "../../lib/control/db";
import { versionReader } from "../../lib/versions/reader";
import { IDLE_CLOSE_MS, type DuckVersionReader } from "../../lib/warehouse/duckdb/reader";
import { tempDir, workspaceConfig } from "../helpers";
import { publishSyntheticVersion } from "../synthetic";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("version readers under concurrent page loads across more versions than the cache keeps", () => {
  const config = workspaceConfig(join(tempDir(), "data"));
  const versions = ["v1", "v2", "v3", "v4", "v5", "v6"];
  beforeAll(async () => {
    for (const [i, v] of versions.entries()) await publishSyntheticVersion(config, v, { stores: 300, matched: 100 + i * 10, status: i === 0 ? "PROMOTED" : "CANDIDATE" });
  });
  afterAll(() => closeControl());

  it("60 parallel store-page loads over v1…v6 all succeed (an evicted reader is never closed under a query)", async () => {
    const seen = new Set<DuckVersionReader>();
    const load = async (i: number) => {
      const v = versions[i % versions.length]!;
      const r = (await versionReader(config, v)) as DuckVersionReader;
      seen.add(r);
      // A page: several queries on the same reader, with other requests' work in between.
      const [gold] = await r.query<{ n: number }>(`select count(*) filter (where status = 'MATCHED') as n from fct_store_matches`);
      await sleep((i * 7) % 40);
      const [diag] = await r.query<{ n: number }>(`select count(*) as n from diag_unmatched_stores where source = 'gi'`);
      await sleep((i * 13) % 40);
      const cands = await r.query(`select * from diag_store_candidates where source = 'gi' and store_id = 'GI000000299'`);
      return { v, matched: gold!.n, unmatched: diag!.n, cands: cands.length };
    };
    const results = await Promise.allSettled(Array.from({ length: 60 }, (_, i) => load(i)));
    const failed = results.filter((r) => r.status === "rejected").map((r) => String((r as PromiseRejectedResult).reason));
    expect(failed).toEqual([]);
    for (const r of results) {
      const x = (r as PromiseFulfilledResult<Awaited<ReturnType<typeof load>>>).value;
      const i = versions.indexOf(x.v);
      expect(x).toEqual({ v: x.v, matched: 100 + i * 10, unmatched: 300 - (100 + i * 10), cands: 1 });
    }
    // Evicted readers close once idle, and a late query on one still works (it reopens).
    await sleep(IDLE_CLOSE_MS + 1500);
    const closed = [...seen].filter((r) => r.isClosed);
    expect(closed.length).toBeGreaterThanOrEqual(2);
    const [late] = await closed[0]!.query<{ n: number }>(`select count(*) as n from fct_store_matches`);
    expect(late!.n).toBe(300 + 300 - (100 + versions.indexOf(closed[0]!.version) * 10));
  }, 60_000);
});
