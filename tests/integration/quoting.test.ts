import { DuckDBInstance } from "@duckdb/node-api";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeControl, control } from "../../lib/control/db";
import { setDecision } from "../../lib/control/decisions";
import { createTrigger } from "../../lib/control/triggers";
import type { RunDto } from "../../lib/runner/queue";
import { queryRows } from "../../lib/warehouse/duckdb/db";
import { cli, cliJson, cliOk, tempDir, warehouseQuery, workspaceConfig, writeCsv } from "../helpers";

// Inputs that used to break every later run: a NUL byte in a pair decision (pasted into SQL),
// a workspace path with a quote (pasted into dbt's SQL). Values now reach DuckDB as bound
// values or files, paths as quoted literals, and text is validated where it enters.
describe("text validation at every entry point, and values never pasted into SQL", () => {
  const dir = join(tempDir(), "o'brien's workspace");
  mkdirSync(dir, { recursive: true });
  const env = { STOREMATCH_DATA_DIR: join(dir, "data") };
  const config = workspaceConfig(env.STOREMATCH_DATA_DIR);
  const db = () => control(config);

  beforeAll(() => {
    cliOk(["generate", "--stores", "300", "--seed", "5", "--out", join(dir, "in")], env);
    cliOk(["ingest", "--gi", join(dir, "in", "gi.csv"), "--th", join(dir, "in", "th.csv")], env);
  });
  afterAll(() => closeControl());

  it("refuses a NUL byte, a control character or a 20 MB id in every domain entry point, changing nothing", async () => {
    await expect(setDecision(db(), { giId: "GI\u0000X", thId: "TH1", decision: "MATCH" }, "t")).rejects.toThrow("GI store id contains a control character (U+0000 at position 3)");
    await expect(setDecision(db(), { giId: "G".repeat(20_000_000), thId: "TH1", decision: "MATCH" }, "t")).rejects.toThrow("GI store id is longer than 200 characters");
    await expect(createTrigger(db(), { source: "gi", storeId: "GI\u0007", reason: "r", priority: 0, origin: "MANUAL" }, "t")).rejects.toThrow("store id contains a control character (U+0007 at position 3)");
    expect(await db().pairDecision.count()).toBe(0);
    expect(await db().trigger.count()).toBe(0);
    const r = cli(["decisions", "set", "--gi", "GI\u0001", "--th", "TH1", "--match"], env);
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim()).toBe("storematch: GI store id contains a control character (U+0001 at position 3)");
    const t = cli(["triggers", "add", "--source", "gi", "--store", "x".repeat(201), "--reason", "r"], env);
    expect(t.stderr.trim()).toBe("storematch: store id is longer than 200 characters");
  });

  it("ingest refuses control characters and over-long fields with the file, line and column", () => {
    const gi = writeCsv(join(dir, "bad-gi.csv"), ["store_id,name", "GI\u00011,Shop"]);
    const th = writeCsv(join(dir, "ok-th.csv"), ["store_id,name", "TH1,Shop"]);
    expect(cli(["ingest", "--gi", gi, "--th", th], env).stderr.trim()).toBe('storematch: bad-gi.csv: line 2, column "store_id": the value contains a control character (U+0001 at position 3)');
    const long = writeCsv(join(dir, "long-gi.csv"), ["store_id,name", `${"G".repeat(201)},Shop`]);
    expect(cli(["ingest", "--gi", long, "--th", th], env).stderr.trim()).toBe('storematch: long-gi.csv: line 2, column "store_id": the value is longer than 200 characters');
  });

  it("a workspace path with a quote and ids with quotes and accents go through a full and a targeted run", async () => {
    // Valid but awkward ids: quotes, a backslash, accents (NFD in, NFC stored).
    await setDecision(db(), { giId: "GI'; drop table x; --", thId: "TH\\'\"é", decision: "NO_MATCH", note: "Cafe\u0301 d'Olivier" }, "t");
    const stored = await db().pairDecision.findFirstOrThrow();
    expect(stored.note).toBe("Caf\u00e9 d'Olivier");
    cliOk(["run", "--full-refresh", "--quiet"], env);
    const [full] = cliJson<RunDto[]>(["runs", "list"], env);
    expect(full).toMatchObject({ kind: "FULL_REFRESH", status: "SUCCEEDED", versionId: "v1" });
    cliOk(["scan"], env);
    cliOk(["triggers", "approve", "--all-pending"], env);
    cliOk(["run", "--targeted", "--quiet"], env);
    const [targeted] = cliJson<RunDto[]>(["runs", "list"], env);
    expect(targeted).toMatchObject({ kind: "TARGETED", status: "SUCCEEDED", versionId: "v2" });
    expect(targeted!.scope.length).toBeGreaterThan(0);
  }, 600_000);

  it("a targeted run refuses to start when the warehouse no longer hashes block keys as the full build did", async () => {
    // Stands for a warehouse upgrade that changed hash(): the probe the full build stored differs.
    const file = join(env.STOREMATCH_DATA_DIR, "warehouse.duckdb");
    const duck = await DuckDBInstance.create(file);
    const c = await duck.connect();
    await queryRows(c, "update staging.int_block_key_probe set probe = probe + 1");
    c.closeSync();
    duck.closeSync();
    const keys = "select count(*) as n, max(computed_at)::varchar as at from staging.int_store_block_keys";
    const before = await warehouseQuery(env.STOREMATCH_DATA_DIR, keys);
    const [store] = await warehouseQuery<{ store_id: string }>(env.STOREMATCH_DATA_DIR, "select store_id from staging.stg_gi__stores order by store_id limit 1");
    cliOk(["triggers", "add", "--source", "gi", "--store", store!.store_id, "--reason", "hash check"], env);
    cliOk(["triggers", "approve", "--all-pending"], env);
    const r = cli(["run", "--targeted", "--quiet"], env);
    expect(r.code).not.toBe(0);
    const [failed] = cliJson<RunDto[]>(["runs", "list"], env);
    expect(failed).toMatchObject({ kind: "TARGETED", status: "FAILED" });
    expect(failed!.summary).toContain("model int_store_block_keys");
    expect(failed!.summary).toContain("the warehouse no longer hashes block keys as the last full build did");
    // Stopped before any block key was written; the trigger is back to APPROVED for the next run.
    expect(await warehouseQuery(env.STOREMATCH_DATA_DIR, keys)).toEqual(before);
    expect(await db().trigger.count({ where: { status: "APPROVED" } })).toBe(1);
  }, 600_000);
});
