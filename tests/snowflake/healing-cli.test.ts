// Stand-in for Snowflake: fakesnow behind tests/support/fakesnow_proxy.py, one in-memory database shared by the CLI's snowflake-sdk and dbt (--target fake); fakesnow has no Iceberg snapshots (a version's clone is its pin, its snapshot id random) and no ALTER SCHEMA … SWAP WITH (promotion replaces MART's views in one transaction): the real statements are syntax-checked in versions.test.ts.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TriggerDto } from "../../lib/control/triggers";
import type { RunDto } from "../../lib/runner/queue";
import type { VersionDto } from "../../lib/versions/registry";
import { SnowflakeSession } from "../../lib/warehouse/snowflake/connection";
import { snowflakeSettings } from "../../lib/warehouse/snowflake/settings";
import { cliJson, cliOk, copyDbtProject, tempDir } from "../helpers";
import { JOB_TIMEOUT_MS } from "../support/fakesnow";
import { startSnowflakeStandIn, type SnowflakeStandIn } from "../support/snowflake-proxy";

/**
 * Issue 12, acceptance 2: the healing story through the real CLI (child processes) with
 * STOREMATCH_WAREHOUSE=snowflake. ingest loads RAW; a full build runs dbt --target fake and
 * publishes v1 (clones in VERSIONS, promoted: MART's views); scan turns the unmatched stores with
 * potential into triggers; stewards approve them and record a decision on one of them (the fix:
 * its best candidate is its twin); a targeted run recomputes the triggered stores and publishes
 * v2; promoting it repoints MART; export reads MART. A few hundred stores: the Snowflake suite
 * must stay short. (At this size the model matches the legal-form twins that
 * tests/integration/healing.test.ts heals at 4,000 stores, so the fix here is a pair decision.)
 */
describe("the healing story through the CLI on Snowflake (fakesnow)", () => {
  const dir = tempDir("storematch-snowcli-");
  const dbtDir = copyDbtProject(dir);
  const dataDir = join(dir, "data");
  let snow: SnowflakeStandIn;
  let env: Record<string, string>;
  let s: SnowflakeSession;

  type Unmatched = { source: string; store_id: string; best: string | null };
  const sql = <T = Record<string, unknown>>(text: string) => s.query<T>(text);
  const count = async (table: string) => Number((await sql<{ n: number }>(`select count(*) as n from ${table}`))[0]!.n);
  /** Each store's status in a version's clone of fct_store_matches. */
  const statusOf = async (version: string) => {
    const rows = await sql<{ gi_id: string | null; th_id: string | null; status: string }>(`select gi_id as gi_id, th_id as th_id, status as status from versions.fct_store_matches__${version}`);
    const m = new Map<string, string>();
    for (const r of rows) {
      if (r.gi_id) m.set(`gi|${r.gi_id}`, r.status);
      if (r.th_id) m.set(`th|${r.th_id}`, r.status);
    }
    return m;
  };
  const run = (args: string[]) => cliOk(args, env).stdout;

  beforeAll(async () => {
    snow = await startSnowflakeStandIn();
    env = { ...snow.env, STOREMATCH_DATA_DIR: dataDir, STOREMATCH_DBT_DIR: dbtDir, STOREMATCH_DBT_TARGET: "fake" };
    s = await SnowflakeSession.open(snowflakeSettings(snow.config(dataDir)));
    await s.execute("create database if not exists storematch"); // Terraform's part on a real account
    cliOk(["generate", "--stores", "400", "--seed", "21", "--out", join(dir, "in")], env);
  }, 300_000);

  afterAll(async () => {
    await s?.close();
    snow?.stop();
  });

  it("ingest → full build (dbt --target fake) → scan → approve → decision → targeted run → publish → promote → export from MART", async () => {
    const lines = (f: string) => readFileSync(join(dir, "in", f), "utf8").trim().split("\n").length - 1;
    const gi = lines("gi.csv");
    const th = lines("th.csv");

    // ingest: RAW.GI and RAW.TH on Snowflake, with each row's file and line.
    expect(run(["ingest", "--gi", join(dir, "in", "gi.csv"), "--th", join(dir, "in", "th.csv")])).toContain(`ingested ${gi} GI stores from gi.csv`);
    expect(await count("raw.gi")).toBe(gi);
    expect(await count("raw.th")).toBe(th);
    expect(await sql("select min(_line) as first_line, count(distinct _source_file) as files, max(_source_file) as file from raw.th")).toEqual([{ first_line: 2, files: 1, file: "th.csv" }]);

    // A full build: dbt on the fake target, published as v1 and promoted (the first version).
    expect(run(["run", "--quiet"])).toMatch(/succeeded: dbt build passed \(\d+ nodes\); published v1 \(promoted\)/);
    const [full] = cliJson<RunDto[]>(["runs", "list"], env);
    expect(full).toMatchObject({ kind: "FULL_REFRESH", status: "SUCCEEDED", versionId: "v1", launcher: "local" });
    const logged = await sql<{ n: number }>(`select count(*) as n from control.transformation_logs where run_id = '${full!.id}' and status = 'success'`);
    expect(Number(logged[0]!.n)).toBeGreaterThanOrEqual(19); // dbt built every model on fakesnow
    expect(await count("versions.fct_store_matches__v1")).toBe(await count("gold.fct_store_matches"));
    expect(await sql("select version_id as v from mart.mart_version")).toEqual([{ v: "v1" }]);
    expect(await count("mart.store_matches")).toBe(await count("versions.fct_store_matches__v1"));
    const [stores] = await sql<{ gi: number; th: number }>("select count(gi_id) as gi, count(th_id) as th from mart.store_matches");
    expect({ gi: Number(stores!.gi), th: Number(stores!.th) }).toEqual({ gi, th });

    // scan: the promoted version's unmatched stores above the threshold become triggers.
    expect(run(["settings", "set", "scan_min_potential", "20"])).toBe("scan_min_potential = 20\n");
    const unmatched = await sql<Unmatched>(
      "select distinct source as source, store_id as store_id, best_candidate_id as best from versions.diag_unmatched_stores__v1 where potential_score > 20");
    expect(unmatched.length).toBeGreaterThanOrEqual(5); // enough cases for the story (a sample-size guard)
    expect(run(["scan"])).toMatch(/scanned version v1: .*\ncreated \d+ trigger\(s\), skipped 0/);
    const pending = cliJson<TriggerDto[]>(["triggers", "list", "--status", "PENDING"], env);
    expect(new Set(pending.map((t) => `${t.source}|${t.storeId}`))).toEqual(new Set(unmatched.map((u) => `${u.source}|${u.store_id}`)));

    // approve; a steward decides one triggered GI store is its best candidate's twin (the fix); a targeted run publishes v2.
    expect(run(["triggers", "approve", "--all-pending"])).toBe(`approved ${pending.length} trigger(s)\n`);
    const v1 = await statusOf("v1");
    const fixed = unmatched.find((u) => u.source === "gi" && u.best && v1.get(`th|${u.best}`) === "TH_ONLY") ?? unmatched.find((u) => u.source === "gi" && u.best);
    expect(fixed).toBeDefined();
    expect(run(["decisions", "set", "--gi", fixed!.store_id, "--th", fixed!.best!, "--match"])).toBe(`GI ${fixed!.store_id} / TH ${fixed!.best}: MATCH\n`);
    expect(run(["run", "--targeted", "--quiet"])).toMatch(/succeeded: dbt build passed \(\d+ nodes\); published v2 \(candidate\)/);
    const [targeted] = cliJson<RunDto[]>(["runs", "list"], env);
    expect(targeted).toMatchObject({ kind: "TARGETED", status: "SUCCEEDED", versionId: "v2" });
    expect(targeted!.scope).toHaveLength(pending.length);
    expect(cliJson<TriggerDto[]>(["triggers", "list", "--status", "CONSUMED"], env)).toHaveLength(pending.length);
    expect(await sql(`select status as status, count(*) as n from control.reprocess_triggers where run_id = '${targeted!.id}' group by status`)).toEqual([{ status: "CONSUMED", n: pending.length }]);
    expect(Number((await sql<{ n: number }>(`select count(*) as n from control.transformation_logs where run_id = '${targeted!.id}' and run_mode = 'targeted' and status = 'success'`))[0]!.n)).toBeGreaterThanOrEqual(19);

    // The decided pair is matched in v2; v1's clone keeps the version as it was published.
    const pair = `select status as status from versions.fct_store_matches__VERSION where gi_id = '${fixed!.store_id}'`;
    expect(await sql(pair.replace("VERSION", "v1"))).toEqual([{ status: "GI_ONLY" }]);
    expect(await sql(`select status as status, th_id as th from versions.fct_store_matches__v2 where gi_id = '${fixed!.store_id}'`)).toEqual([{ status: "MATCHED", th: fixed!.best }]);
    const v2 = await statusOf("v2");
    expect(v2.size).toBe(v1.size); // every store is still there exactly once
    // Each version's manifest carries the rules its build ran with (dbt's on-run-end hook, CONTROL.BUILD_RULES).
    const rules = (v: string) => (JSON.parse(readFileSync(join(dataDir, "versions", v, "manifest.json"), "utf8")) as { rules?: { matchProbability: number; model: Record<string, unknown> } }).rules;
    expect(rules("v1")).toMatchObject({ matchProbability: 0.5, reviewLower: 0.2, reviewUpper: 0.9, model: { run_mode: "full", reuse_parameters: false, em_iterations: 40 } });
    expect(rules("v2")).toMatchObject({ matchProbability: 0.5, model: { run_mode: "targeted" } });
    // Published, not promoted: MART still shows v1.
    const versions = cliJson<VersionDto[]>(["versions", "list"], env);
    expect(versions.map((v) => [v.id, v.status])).toEqual([["v2", "CANDIDATE"], ["v1", "PROMOTED"]]);
    expect(versions[0]!.snapshots.fct_store_matches).toMatch(/^\d{1,19}$/);
    expect(await sql("select version_id as v from mart.mart_version")).toEqual([{ v: "v1" }]);

    // promote: MART's views now read v2's clones.
    expect(run(["versions", "promote", "v2"])).toBe("promoted v2 (was v1)\n");
    expect(await sql("select version_id as v from mart.mart_version")).toEqual([{ v: "v2" }]);
    // MART's views have dbt's mart/ columns: the unmatched stores carry their reason's summary.
    expect(await sql("select count(*) as n, count(failure_summary) as summarized from mart.unmatched_stores")).toEqual([{ n: await count("versions.diag_unmatched_stores__v2"), summarized: await count("versions.diag_unmatched_stores__v2") }]);

    // export (the promoted version) reads MART: the decided pair is matched in the file, and the file is MART's rows.
    const out = join(dir, "matches.csv");
    expect(run(["export", "matches", "--out", out])).toBe(`wrote ${await count("mart.store_matches")} rows to ${out}\n`);
    const csv = readFileSync(out, "utf8").trim().split("\n");
    expect(csv[0]).toBe("gi_id,th_id,status,score");
    const mart = await sql<{ gi_id: string | null; th_id: string | null; status: string }>(
      "select gi_id as gi_id, th_id as th_id, status as status from mart.store_matches order by status, gi_id nulls last, th_id nulls last");
    expect(csv.slice(1).map((l) => l.split(",").slice(0, 3).join(","))).toEqual(mart.map((r) => [r.gi_id ?? "", r.th_id ?? "", r.status].join(",")));
    expect(csv.filter((l) => l.startsWith(`${fixed!.store_id},${fixed!.best},MATCHED,`))).toHaveLength(1);
  }, JOB_TIMEOUT_MS * 2);
});
