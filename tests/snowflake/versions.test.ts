// Stand-in for Snowflake: fakesnow behind tests/support/fakesnow_proxy.py; it has no Iceberg snapshots (the clone is the pin, its id random) and no ALTER SCHEMA … SWAP WITH (views replaced in one transaction), so the real statements are syntax-checked with sqlglot only, and the swap, which sqlglot cannot parse, against Snowflake's documented form.
import { existsSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../../lib/config";
import { SnowflakeVersionStore } from "../../lib/versions/snowflake/store";
import { cloneSql, MART_VIEWS, martVersionViewSql, martViewSql, snapshotIdSql, SWAP_SQL } from "../../lib/versions/snowflake/sql";
import { PUBLISHED_TABLES } from "../../lib/versions/tables";
import { SnowflakeSession } from "../../lib/warehouse/snowflake/connection";
import { snowflakeSettings } from "../../lib/warehouse/snowflake/settings";
import { tempDir } from "../helpers";
import { sqlglotCheck, startSnowflakeStandIn, type SnowflakeStandIn } from "../support/snowflake-proxy";

describe("Snowflake versions: clones in VERSIONS, MART views, promotion, rollback, retention", () => {
  const dir = tempDir("storematch-snowver-");
  let snow: SnowflakeStandIn;
  let s: SnowflakeSession;
  let config: Config;

  const martPairs = () => s.query<{ gi: string; st: string }>("select gi_id as gi, status as st from mart.store_matches order by gi_id");

  beforeAll(async () => {
    snow = await startSnowflakeStandIn();
    config = snow.config(dir);
    s = await SnowflakeSession.open(snowflakeSettings(config));
    await s.execute("create database if not exists storematch");
    // The live tables dbt builds, reduced to a few columns.
    for (const t of PUBLISHED_TABLES) {
      await s.execute(`create schema if not exists ${t.schema}`);
      await s.execute(`create or replace table ${t.schema}.${t.name} (gi_id varchar, status varchar, failure_reason varchar)`);
    }
    await s.execute("insert into gold.fct_store_matches values (?, ?, ?)", [["G1", "MATCHED", null], ["G2", "GI_ONLY", null]]);
    await s.execute("insert into diagnostics.diag_unmatched_stores values (?, ?, ?)", [["G2", null, "LEGAL_FORM"]]);
    // dbt's failure_reasons seed: MART's UNMATCHED_STORES carries each reason's summary, as dbt's mart model does on DuckDB.
    await s.execute("create schema if not exists seeds");
    await s.execute("create or replace table seeds.failure_reasons (reason varchar, summary varchar, explanation varchar)");
    await s.execute("insert into seeds.failure_reasons values (?, ?, ?)", [["LEGAL_FORM", "legal form noise", "…"]]);
  }, 120_000);
  afterAll(async () => {
    await s?.close();
    snow?.stop();
  });

  it("publish pins every table with a clone, records 64-bit snapshot ids as text, counts and metrics", async () => {
    const store = new SnowflakeVersionStore(config);
    const m = await store.publish({ version: "v1", runId: "run-1", exportDir: dir, invocationId: "inv", gitCommit: null });
    expect(Object.keys(m.tables).sort()).toEqual(PUBLISHED_TABLES.map((t) => t.name).sort());
    for (const t of Object.values(m.tables)) {
      expect(t.snapshotId).toMatch(/^\d{1,19}$/);
      expect(BigInt(t.snapshotId) < 2n ** 63n).toBe(true);
    }
    expect(m.tables.fct_store_matches.rows).toBe(2);
    expect(m.metrics).toEqual({ byStatus: { MATCHED: 1, GI_ONLY: 1, TH_ONLY: 0 }, matchRate: 0.666667, byReason: { LEGAL_FORM: 1 } });
    expect(JSON.parse(readFileSync(store.manifestLocation("v1"), "utf8"))).toEqual(m);
    expect(await s.query("select count(*) as n from versions.fct_store_matches__v1")).toEqual([{ n: 2 }]);
  });

  it("a version's clone keeps its rows when the live table changes; promote shows it in MART; rollback is promoting the older one", async () => {
    const store = new SnowflakeVersionStore(config);
    const m1 = JSON.parse(readFileSync(store.manifestLocation("v1"), "utf8"));
    await s.execute("update gold.fct_store_matches set status = 'MATCHED' where gi_id = 'G2'");
    const m2 = await store.publish({ version: "v2", runId: "run-2", exportDir: dir, invocationId: null, gitCommit: null });
    expect(await s.query("select status as st from versions.fct_store_matches__v1 where gi_id = 'G2'")).toEqual([{ st: "GI_ONLY" }]);
    expect(await s.query("select status as st from versions.fct_store_matches__v2 where gi_id = 'G2'")).toEqual([{ st: "MATCHED" }]);

    await store.promote(m1);
    expect(await martPairs()).toEqual([{ gi: "G1", st: "MATCHED" }, { gi: "G2", st: "GI_ONLY" }]);
    expect(await s.query("select version_id as v from mart.mart_version")).toEqual([{ v: "v1" }]);
    expect(await s.query("select gi_id as gi, failure_reason as r, failure_summary as summary from mart.unmatched_stores")).toEqual([{ gi: "G2", r: "LEGAL_FORM", summary: "legal form noise" }]);
    await store.promote(m2);
    expect(await martPairs()).toEqual([{ gi: "G1", st: "MATCHED" }, { gi: "G2", st: "MATCHED" }]);
    expect(await s.query("select version_id as v from mart.mart_version")).toEqual([{ v: "v2" }]);
    const views = await s.query<{ v: string }>("select table_name as v from information_schema.views where table_schema = 'MART' order by table_name");
    expect(views.map((r) => r.v)).toEqual([...Object.values(MART_VIEWS), "MART_VERSION"].sort());
    await store.promote(m1); // rollback
    expect(await martPairs()).toEqual([{ gi: "G1", st: "MATCHED" }, { gi: "G2", st: "GI_ONLY" }]);
    expect(await s.query("select version_id as v from mart.mart_version")).toEqual([{ v: "v1" }]);

    // A version's reads go to its own clones, whatever MART shows.
    await store.withReader(m2, async (r) => expect(await r.statusCounts()).toEqual({ matched: 2, giOnly: 0, thOnly: 0 }));

    await store.mirrorStatuses({ v1: "PROMOTED", v2: "RETIRED" });
    expect(await s.query("select version_id as v, status as st from control.version_registry order by version_id")).toEqual([{ v: "v1", st: "PROMOTED" }, { v: "v2", st: "RETIRED" }]);

    await store.expire([m2], [m1]);
    const left = await s.query<{ t: string }>("select table_name as t from information_schema.tables where table_schema = 'VERSIONS' order by table_name");
    expect(left.map((r) => r.t)).toEqual(PUBLISHED_TABLES.map((t) => `${t.name.toUpperCase()}__V1`).sort());
    expect(existsSync(store.manifestLocation("v1"))).toBe(true);
  });

  it("the real account's statements parse as Snowflake SQL; the swap is Snowflake's documented form", () => {
    const gold = PUBLISHED_TABLES.find((t) => t.schema === "gold")!;
    const statements = [snapshotIdSql("STOREMATCH", gold, false)!, cloneSql("v3", gold, false), martViewSql("MART_NEXT", "STORE_MATCHES", "v3", "fct_store_matches"),
      martViewSql("MART_NEXT", "UNMATCHED_STORES", "v3", "diag_unmatched_stores"), martVersionViewSql("MART_NEXT", "v3")];
    expect(() => martVersionViewSql("MART_NEXT", "v3'; drop table x")).toThrow(/not a plain Snowflake identifier/);
    expect(statements[1]).toBe("create iceberg table VERSIONS.FCT_STORE_MATCHES__V3 clone GOLD.FCT_STORE_MATCHES");
    for (const sql of statements) expect(sqlglotCheck(sql), sql).toBe("ok");
    expect(snapshotIdSql("STOREMATCH", PUBLISHED_TABLES.find((t) => t.schema === "diagnostics")!, false)).toBeNull();
    // sqlglot keeps ALTER SCHEMA … SWAP WITH as an unparsed Command: checked against the documented syntax instead.
    expect(sqlglotCheck(SWAP_SQL)).toBe("unchecked");
    expect(SWAP_SQL).toMatch(/^alter schema (\w+) swap with (\w+)$/i);
    expect(sqlglotCheck("alter schema MART_NEXT swap wth MART")).toBe("unchecked"); // why the regex: sqlglot would accept a typo too
  });
});
