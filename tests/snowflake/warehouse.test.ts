// Stand-in for Snowflake: fakesnow behind tests/support/fakesnow_proxy.py (the Node snowflake-sdk talks to it over loopback http); key-pair login is accepted by fakesnow without checking the key.
import { generateKeyPairSync } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../lib/config";
import { SnowflakeSession } from "../../lib/warehouse/snowflake/connection";
import { snowflakeSettings } from "../../lib/warehouse/snowflake/settings";
import { SnowflakeWarehouse } from "../../lib/warehouse/snowflake/warehouse";
import type { Manifest } from "../../lib/versions/manifest";
import { cli, cliOk, ROOT, tempDir } from "../helpers";
import { startSnowflakeStandIn, type SnowflakeStandIn } from "../support/snowflake-proxy";

describe("the Snowflake warehouse (snowflake-sdk through the fakesnow proxy)", () => {
  const dir = tempDir("storematch-snowwh-");
  let snow: SnowflakeStandIn;
  let s: SnowflakeSession;

  beforeAll(async () => {
    snow = await startSnowflakeStandIn();
    s = await SnowflakeSession.open(snowflakeSettings(snow.config(dir)));
    await s.execute("create database if not exists storematch");
  }, 120_000);
  afterAll(async () => {
    await s?.close();
    snow?.stop();
  });

  it("the SDK reads what the proxy returns: types, binds, array binds, DML row counts, transactions", async () => {
    await s.execute("create schema if not exists t");
    await s.execute("create or replace table t.x (a number(38,0), b varchar, c double, d boolean, e date, f timestamp_ntz)");
    expect((await s.execute("insert into t.x values (?, ?, ?, ?, ?, ?)", [1, "un", 1.5, true, "2024-02-03", "2024-02-03 04:05:06.250"])).changed).toBe(1);
    expect((await s.execute("insert into t.x (a, b) values (?, ?)", [[2, "deux"], [3, null]])).changed).toBe(2);
    const rows = await s.query<{ a: number; b: string | null; c: number | null; d: boolean | null; e: Date | null; f: Date | null }>(
      "select a as a, b as b, c as c, d as d, e as e, f as f from t.x order by a");
    expect(rows.map((r) => [r.a, r.b, r.c, r.d])).toEqual([[1, "un", 1.5, true], [2, "deux", null, null], [3, null, null, null]]);
    expect(new Date(rows[0]!.e!).toISOString().slice(0, 10)).toBe("2024-02-03");
    expect(new Date(rows[0]!.f!).toISOString()).toBe("2024-02-03T04:05:06.250Z");
    expect((await s.execute("update t.x set b = 'x' where a >= ?", [2])).changed).toBe(2);
    await expect(s.transaction(async () => {
      await s.execute("delete from t.x");
      throw new Error("rolled back");
    })).rejects.toThrow("rolled back");
    expect(await s.query("select count(*) as n from t.x")).toEqual([{ n: 3 }]);
  });

  it("an unsupported statement is an error at once, not an endless retry", async () => {
    await expect(s.execute("alter schema t swap with u")).rejects.toThrow(/Snowflake refused a statement \(alter schema t swap with u\)/);
    await expect(s.execute("insert into t.x (a) values (?)", [["not a number"]])).rejects.toThrow(/Snowflake refused/);
  });

  it("writes a run's inputs into CONTROL in one go, replacing that run's scope and every decision", async () => {
    const wh = new SnowflakeWarehouse(snow.config(dir));
    await wh.writeRunInputs({ runId: "r1", triggers: [{ id: 1, source: "gi", storeId: "G1", reason: "NO_CANDIDATE", priority: 88.5 }], decisions: [{ giId: "G1", thId: "T9", decision: "MATCH" }] });
    await wh.writeRunInputs({ runId: "r2", triggers: [{ id: 2, source: "th", storeId: "T2", reason: "LEGAL_FORM", priority: 75 }, { id: 3, source: "gi", storeId: "G3", reason: "ADDRESS", priority: 71 }], decisions: [{ giId: "G3", thId: "T3", decision: "NO_MATCH" }] });
    const triggers = await s.query("select trigger_id as id, run_id as run, source as source, store_id as store, priority as p, status as status from control.reprocess_triggers order by trigger_id");
    expect(triggers).toEqual([
      { id: 1, run: "r1", source: "gi", store: "G1", p: 88.5, status: "APPROVED" },
      { id: 2, run: "r2", source: "th", store: "T2", p: 75, status: "APPROVED" },
      { id: 3, run: "r2", source: "gi", store: "G3", p: 71, status: "APPROVED" },
    ]);
    expect(await s.query("select gi_id as gi, th_id as th, decision as d from control.pair_decisions")).toEqual([{ gi: "G3", th: "T3", d: "NO_MATCH" }]);
    // Writing r2 again replaces its scope, it does not add to it.
    await wh.writeRunInputs({ runId: "r2", triggers: [{ id: 2, source: "th", storeId: "T2", reason: "LEGAL_FORM", priority: 75 }], decisions: [] });
    expect(await s.query("select count(*) as n from control.reprocess_triggers where run_id = 'r2'")).toEqual([{ n: 1 }]);
    expect(await s.query("select count(*) as n from control.pair_decisions")).toEqual([{ n: 0 }]);
  });

  it("reads a version from its clones: counts, scan candidates, CSV export; other pages are refused by name", async () => {
    await s.execute("create schema if not exists versions");
    await s.execute("create or replace table versions.fct_store_matches__v7 (gi_id varchar, th_id varchar, status varchar, score double)");
    await s.execute("insert into versions.fct_store_matches__v7 values (?, ?, ?, ?)", [["G1", "T1", "MATCHED", 97.5], ["G2", null, "GI_ONLY", null], [null, "T3", "TH_ONLY", null], ["=G4", null, "GI_ONLY", null]]);
    await s.execute("create or replace table versions.diag_unmatched_stores__v7 (source varchar, store_id varchar, failure_reason varchar, potential_score double)");
    await s.execute("insert into versions.diag_unmatched_stores__v7 values (?, ?, ?, ?)", [["gi", "G2", "LEGAL_FORM", 82.5], ["gi", "G2", "ADDRESS", 75], ["th", "T3", "NO_CANDIDATE", 40], ["gi", "=G4", "ADDRESS", 71]]);
    const table = { snapshotId: "123", files: [], rows: 4 };
    const manifest = { version: "v7", tables: { fct_store_matches: table, diag_unmatched_stores: table } } as unknown as Manifest;
    const wh = new SnowflakeWarehouse(snow.config(dir));
    await wh.withVersion(manifest, async (r) => {
      expect(await r.statusCounts()).toEqual({ matched: 1, giOnly: 2, thOnly: 1 });
      expect(await r.storeCount()).toBe(5);
      expect(await r.matchedPairs()).toEqual([{ giId: "G1", thId: "T1" }]);
      const scan = await r.scanCandidates(70);
      expect(scan.count).toBe(2);
      expect(JSON.parse(scan.json)).toEqual([["gi", "G2", "LEGAL_FORM", "82.5"], ["gi", "=G4", "ADDRESS", "71"]]);
      const csv = join(dir, "m.csv");
      expect(await r.writeMatchesCsv(csv)).toBe(4);
      expect(readFileSync(csv, "utf8")).toBe(`gi_id,th_id,status,score\n"'=G4",,GI_ONLY,\nG2,,GI_ONLY,\nG1,T1,MATCHED,97.5\n,T3,TH_ONLY,\n`);
      await expect(Promise.resolve().then(() => r.reviewCount({}))).rejects.toThrow(/the review page is not implemented on Snowflake yet/);
    });
  });

  it("key-pair authentication: an encrypted key file and its passphrase log in; a wrong passphrase is refused before any request", async () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: "s3cret-pass" }, publicKeyEncoding: { type: "spki", format: "pem" } });
    const keyFile = join(dir, "rsa_key.p8");
    writeFileSync(keyFile, privateKey, { mode: 0o600 });
    const env = { ...snow.env, SNOWFLAKE_PASSWORD: undefined, SNOWFLAKE_PRIVATE_KEY_FILE: keyFile, STOREMATCH_DATA_DIR: dir, STOREMATCH_ROOT: ROOT };
    const ok = snowflakeSettings(loadConfig({ ...env, SNOWFLAKE_PRIVATE_KEY_PASSPHRASE: "s3cret-pass" }));
    expect(ok.auth).toEqual({ kind: "key-pair", privateKeyFile: keyFile, passphrase: "s3cret-pass" });
    const k = await SnowflakeSession.open(ok);
    expect(await k.query("select current_role() as r")).toHaveLength(1);
    await k.close();
    await expect(SnowflakeSession.open(snowflakeSettings(loadConfig({ ...env, SNOWFLAKE_PRIVATE_KEY_PASSPHRASE: "wrong" })))).rejects.toThrow(/cannot connect to Snowflake account fake as fake \(role APP\)/);
    // The key's PEM text (a CI secret) instead of a file: the same login.
    const pem = snowflakeSettings(loadConfig({ ...env, SNOWFLAKE_PRIVATE_KEY_FILE: undefined, SNOWFLAKE_PRIVATE_KEY: privateKey, SNOWFLAKE_PRIVATE_KEY_PASSPHRASE: "s3cret-pass" }));
    expect(pem.auth).toEqual({ kind: "key-pair-pem", privateKey: privateKey.trim(), passphrase: "s3cret-pass" });
    const p = await SnowflakeSession.open(pem);
    expect(await p.query("select 1 as one")).toEqual([{ one: 1 }]);
    await p.close();
    await expect(SnowflakeSession.open(snowflakeSettings(loadConfig({ ...env, SNOWFLAKE_PRIVATE_KEY_FILE: undefined, SNOWFLAKE_PRIVATE_KEY: privateKey, SNOWFLAKE_PRIVATE_KEY_PASSPHRASE: "wrong" })))).rejects.toThrow(/cannot connect to Snowflake account fake/);
  });

  it("storematch ingest with STOREMATCH_WAREHOUSE=snowflake loads RAW.GI and RAW.TH; a second batch replaces the first", async () => {
    const data = join(dir, "ws");
    const env = { ...snow.env, STOREMATCH_DATA_DIR: data };
    cliOk(["generate", "--stores", "120", "--seed", "5", "--out", join(dir, "in")], { STOREMATCH_DATA_DIR: data });
    const first = cliOk(["ingest", "--gi", join(dir, "in", "gi.csv"), "--th", join(dir, "in", "th.csv")], env);
    expect(first.stdout).toMatch(/gi/);
    const count = async () => (await s.query<{ t: string; n: number }>("select 'gi' as t, count(*) as n from raw.gi union all select 'th' as t, count(*) as n from raw.th order by t"));
    const csvRows = (f: string) => readFileSync(join(dir, "in", f), "utf8").trim().split("\n").length - 1;
    expect(await count()).toEqual([{ t: "gi", n: csvRows("gi.csv") }, { t: "th", n: csvRows("th.csv") }]);
    const [row] = await s.query<{ id: string; line: number; file: string }>("select store_id as id, _line as line, _source_file as file from raw.gi order by _line limit 1");
    expect(row).toEqual({ id: expect.any(String), line: 2, file: "gi.csv" });
    cliOk(["ingest", "--gi", join(dir, "in", "gi.csv"), "--th", join(dir, "in", "th.csv")], env);
    expect(await count()).toEqual([{ t: "gi", n: csvRows("gi.csv") }, { t: "th", n: csvRows("th.csv") }]);
    // A refused Snowflake connection fails the ingest and leaves the local batch as it was.
    const before = readFileSync(join(data, "raw", "current", "manifest.json"), "utf8");
    const bad = cli(["ingest", "--gi", join(dir, "in", "gi.csv"), "--th", join(dir, "in", "th.csv")], { ...env, SNOWFLAKE_PORT: "1" });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/cannot connect to Snowflake account fake/);
    expect(readFileSync(join(data, "raw", "current", "manifest.json"), "utf8")).toBe(before);
    // A batch Snowflake refuses halfway (TH, after GI was replaced) changes neither table, and the error names the file and its lines.
    const store = (id: string, line: number, lat: unknown = null) => ({ store_id: id, name: `Store ${id}`, address: null, postcode: null, city: null, country: null, lat: lat as number | null, lon: null, phone: null, extra: null, line });
    const wh = new SnowflakeWarehouse(snow.config(data));
    await expect(wh.loadRaw({
      gi: { file: "gi.csv", columns: [], extraColumns: [], rows: [store("G1", 2)] },
      th: { file: "th-bad.csv", columns: [], extraColumns: [], rows: [store("T1", 2), store("T2", 3, "north")] },
      ingestedAt: new Date().toISOString(),
    })).rejects.toThrow(/^Snowflake refused th-bad\.csv \(lines 2–3\) for RAW\.TH: [\s\S]*; the previous raw data is unchanged$/);
    expect(await count()).toEqual([{ t: "gi", n: csvRows("gi.csv") }, { t: "th", n: csvRows("th.csv") }]);
  });

  it("a missing setting is named, with what to set", () => {
    const base = { STOREMATCH_DATA_DIR: dir, STOREMATCH_WAREHOUSE: "snowflake" };
    expect(() => snowflakeSettings(loadConfig(base))).toThrow("STOREMATCH_WAREHOUSE=snowflake: SNOWFLAKE_ACCOUNT is not set");
    expect(() => snowflakeSettings(loadConfig({ ...base, SNOWFLAKE_ACCOUNT: "a", SNOWFLAKE_USER: "u", SNOWFLAKE_WAREHOUSE: "w", SNOWFLAKE_DATABASE: "D" }))).toThrow(/set SNOWFLAKE_PRIVATE_KEY_FILE .* or SNOWFLAKE_PASSWORD/);
    expect(() => snowflakeSettings(loadConfig({ ...base, SNOWFLAKE_ACCOUNT: "a", SNOWFLAKE_USER: "u", SNOWFLAKE_WAREHOUSE: "w", SNOWFLAKE_DATABASE: "D", SNOWFLAKE_PRIVATE_KEY_FILE: "/nonexistent/k.p8" }))).toThrow("SNOWFLAKE_PRIVATE_KEY_FILE /nonexistent/k.p8 does not exist");
  });
});
