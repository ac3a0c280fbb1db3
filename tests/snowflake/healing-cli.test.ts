// Stand-in for Snowflake: fakesnow behind tests/support/fakesnow_proxy.py, one in-memory database shared by the CLI's snowflake-sdk and dbt (--target fake); fakesnow has no Iceberg snapshots (a version's clone is its pin, its snapshot id random) and no ALTER SCHEMA … SWAP WITH (promotion replaces MART's views in one transaction): the real statements are syntax-checked in versions.test.ts.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TriggerDto } from "../../lib/control/triggers";
import type { RunDto } from "../../lib/runner/queue";
import type { VersionDto } from "../../lib/versions/registry";
import { SnowflakeSession } from "../../lib/warehouse/snowflake/connection";
import { snowflakeSettings } from "../../lib/warehouse/snowflake/settings";
import { cliJson, cliOk, copyDbtProject, tempDir, thinLegalFormTwins } from "../helpers";
import { JOB_TIMEOUT_MS } from "../support/fakesnow";
import { startSnowflakeStandIn, type SnowflakeStandIn } from "../support/snowflake-proxy";

/**
 * Issue 12, acceptance 2: the healing story through the real CLI (child processes) with
 * STOREMATCH_WAREHOUSE=snowflake. ingest loads RAW; a full build runs dbt --target fake and
 * publishes v1 (clones in VERSIONS, promoted: MART's views); the legal-forms rule is missing, so
 * scan finds LEGAL_FORM_NOISE stores; stewards approve; the fix lands; a targeted run recomputes
 * the triggered stores and publishes v2; promoting it repoints MART; export reads MART.
 * A few hundred stores: the Snowflake suite must stay short.
 */
describe("the healing story through the CLI on Snowflake (fakesnow)", () => {
  const dir = tempDir("storematch-snowcli-");
  const dbtDir = copyDbtProject(dir);
  const dataDir = join(dir, "data");
  const seed = join(dbtDir, "seeds", "normalization", "legal_forms.csv");
  const original = readFileSync(seed, "utf8");
  let snow: SnowflakeStandIn;
  let env: Record<string, string>;
  let s: SnowflakeSession;

  type Row = { source: string; store_id: string };
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
    await thinLegalFormTwins(join(dir, "in")); // TH knows those stores by name and place only: the legal form decides
  }, 300_000);

  afterAll(async () => {
    writeFileSync(seed, original);
    await s?.close();
    snow?.stop();
  });

  it("ingest → full build (dbt --target fake) → scan → approve → fix → targeted run → publish → promote → export from MART", async () => {
    const lines = (f: string) => readFileSync(join(dir, "in", f), "utf8").trim().split("\n").length - 1;
    const gi = lines("gi.csv");
    const th = lines("th.csv");

    // ingest: RAW.GI and RAW.TH on Snowflake, with each row's file and line.
    expect(run(["ingest", "--gi", join(dir, "in", "gi.csv"), "--th", join(dir, "in", "th.csv")])).toContain(`ingested ${gi} GI stores from gi.csv`);
    expect(await count("raw.gi")).toBe(gi);
    expect(await count("raw.th")).toBe(th);
    expect(await sql("select min(_line) as first_line, count(distinct _source_file) as files, max(_source_file) as file from raw.th")).toEqual([{ first_line: 2, files: 1, file: "th.csv" }]);

    // A full build without the legal-forms rule: dbt on the fake target, published as v1 and promoted (the first version).
    writeFileSync(seed, "legal_form\n");
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

    // scan: the promoted version's LEGAL_FORM_NOISE stores with potential become triggers.
    const noisy = await sql<Row>("select source as source, store_id as store_id from versions.diag_unmatched_stores__v1 where failure_reason = 'LEGAL_FORM_NOISE' and potential_score > 70");
    expect(noisy.length).toBeGreaterThanOrEqual(5); // enough cases for the story (a sample-size guard)
    expect(run(["scan"])).toMatch(/scanned version v1: .*\ncreated \d+ trigger\(s\), skipped 0/);
    const pending = cliJson<TriggerDto[]>(["triggers", "list", "--status", "PENDING"], env);
    const legal = pending.filter((t) => t.reason === "LEGAL_FORM_NOISE");
    expect(new Set(legal.map((t) => `${t.source}|${t.storeId}`))).toEqual(new Set(noisy.map((n) => `${n.source}|${n.store_id}`)));

    // approve, the fix lands, a targeted run recomputes the triggered stores and publishes v2.
    expect(run(["triggers", "approve", "--all-pending"])).toBe(`approved ${pending.length} trigger(s)\n`);
    writeFileSync(seed, original);
    expect(run(["run", "--targeted", "--quiet"])).toMatch(/succeeded: dbt build passed \(\d+ nodes\); published v2 \(candidate\)/);
    const [targeted] = cliJson<RunDto[]>(["runs", "list"], env);
    expect(targeted).toMatchObject({ kind: "TARGETED", status: "SUCCEEDED", versionId: "v2" });
    expect(targeted!.scope).toHaveLength(pending.length);
    expect(cliJson<TriggerDto[]>(["triggers", "list", "--status", "CONSUMED"], env)).toHaveLength(pending.length);
    expect(await sql(`select status as status, count(*) as n from control.reprocess_triggers where run_id = '${targeted!.id}' group by status`)).toEqual([{ status: "CONSUMED", n: pending.length }]);

    const v1 = await statusOf("v1");
    const v2 = await statusOf("v2");
    expect(noisy.every((n) => v1.get(`${n.source}|${n.store_id}`) !== "MATCHED")).toBe(true); // v1's clone keeps the version as published
    const healed = noisy.filter((n) => v2.get(`${n.source}|${n.store_id}`) === "MATCHED");
    expect(healed.length / noisy.length).toBeGreaterThan(0.9);
    // Published, not promoted: MART still shows v1.
    const versions = cliJson<VersionDto[]>(["versions", "list"], env);
    expect(versions.map((v) => [v.id, v.status])).toEqual([["v2", "CANDIDATE"], ["v1", "PROMOTED"]]);
    expect(versions[0]!.snapshots.fct_store_matches).toMatch(/^\d{1,19}$/);
    expect(await sql("select version_id as v from mart.mart_version")).toEqual([{ v: "v1" }]);

    // promote: MART's views now read v2's clones.
    expect(run(["versions", "promote", "v2"])).toBe("promoted v2 (was v1)\n");
    expect(await sql("select version_id as v from mart.mart_version")).toEqual([{ v: "v2" }]);

    // export (the promoted version) reads MART: the healed stores are matched in the file.
    const out = join(dir, "matches.csv");
    expect(run(["export", "matches", "--out", out])).toBe(`wrote ${await count("mart.store_matches")} rows to ${out}\n`);
    const csv = readFileSync(out, "utf8").trim().split("\n");
    expect(csv[0]).toBe("gi_id,th_id,status,score");
    const mart = await sql<{ gi_id: string | null; th_id: string | null; status: string }>(
      "select gi_id as gi_id, th_id as th_id, status as status from mart.store_matches order by status, gi_id nulls last, th_id nulls last");
    expect(csv.slice(1).map((l) => l.split(",").slice(0, 3).join(","))).toEqual(mart.map((r) => [r.gi_id ?? "", r.th_id ?? "", r.status].join(",")));
    const exported = new Map<string, string>();
    for (const l of csv.slice(1)) {
      const [g, t, status] = l.split(",");
      if (g) exported.set(`gi|${g}`, status!);
      if (t) exported.set(`th|${t}`, status!);
    }
    expect(healed.every((n) => exported.get(`${n.source}|${n.store_id}`) === "MATCHED")).toBe(true);
  }, JOB_TIMEOUT_MS * 2);
});
