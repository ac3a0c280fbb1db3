import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { TriggerDto } from "../../lib/control/triggers";
import type { RunDto } from "../../lib/runner/queue";
import { cliJson, cliOk, copyDbtProject, lit, query, tempDir, thinLegalFormTwins, versionTable, warehouseQuery, workspaceConfig } from "../helpers";

// Acceptance 1 of the healing loop, through the CLI: a missing legal-forms rule, a scan,
// approvals, the fix, a targeted run; and for the triggered stores the targeted result
// equals a full refresh with the fix, while every row outside the run's pool is unchanged.
describe("the healing story", () => {
  const dir = tempDir();
  const dbtDir = copyDbtProject(dir);
  const env = { STOREMATCH_DATA_DIR: join(dir, "data"), STOREMATCH_DBT_DIR: dbtDir, STOREMATCH_USER: "steward@test" };
  const config = workspaceConfig(env.STOREMATCH_DATA_DIR, dbtDir);
  const seed = join(dbtDir, "seeds", "normalization", "legal_forms.csv");
  const original = readFileSync(seed, "utf8");
  type Gold = { match_key: string; gi_id: string | null; th_id: string | null; status: string; score: number | null };
  const gold = async (version: string) => query<Gold>(`select match_key, gi_id, th_id, status, score from ${await versionTable(config, version, "fct_store_matches")} order by match_key`);

  beforeAll(async () => {
    cliOk(["generate", "--stores", "4000", "--seed", "21", "--out", join(dir, "in")], env);
    await thinLegalFormTwins(join(dir, "in")); // TH knows those stores by name and place only: see the helper
    cliOk(["ingest", "--gi", join(dir, "in", "gi.csv"), "--th", join(dir, "in", "th.csv")], env);
    writeFileSync(seed, "legal_form\n"); // the rule is missing
    cliOk(["run", "--quiet"], env);
  });

  it("scan → approve → fix → targeted run heals the LEGAL_FORM_NOISE stores", async () => {
    const noisy = await query<{ source: string; store_id: string }>(
      `select source, store_id from ${await versionTable(config, "v1", "diag_unmatched_stores")}
       where failure_reason = 'LEGAL_FORM_NOISE' and potential_score > 70`,
    );
    expect(noisy.length).toBeGreaterThan(300); // enough cases for the story (a sample-size guard)

    const scanned = cliOk(["scan"], env).stdout;
    expect(scanned).toMatch(/created \d+ trigger\(s\), skipped 0/);
    expect(scanned).toMatch(/LEGAL_FORM_NOISE\s+\d+/);
    const pending = cliJson<TriggerDto[]>(["triggers", "list", "--status", "PENDING"], env);
    const legal = pending.filter((t) => t.reason === "LEGAL_FORM_NOISE");
    expect(new Set(legal.map((t) => `${t.source}|${t.storeId}`))).toEqual(new Set(noisy.map((n) => `${n.source}|${n.store_id}`)));
    expect(Math.min(...legal.map((t) => t.priority))).toBeGreaterThan(70);
    // Far more than 5% of the stores fail with potential: the scan asks for a full refresh.
    expect(scanned).toContain("full_refresh_needed is set");
    // Idempotent: a second scan creates nothing.
    expect(cliOk(["scan"], env).stdout).toMatch(/created 0 trigger\(s\), skipped \d+/);

    expect(cliOk(["triggers", "approve", "--all-pending"], env).stdout).toBe(`approved ${pending.length} trigger(s)\n`);
    writeFileSync(seed, original); // the fix lands

    const out = cliOk(["run", "--targeted", "--quiet"], env).stdout;
    expect(out).toMatch(/queued: TARGETED/);
    const targetedRun = cliJson<RunDto[]>(["runs", "list"], env)[0]!;
    expect(targetedRun).toMatchObject({ kind: "TARGETED", status: "SUCCEEDED" });
    expect(targetedRun.scope).toHaveLength(pending.length);

    // Triggers consumed, in the control plane and in the warehouse.
    const consumed = cliJson<TriggerDto[]>(["triggers", "list", "--status", "CONSUMED"], env);
    expect(consumed).toHaveLength(pending.length);
    expect(consumed.every((t) => t.runId === targetedRun.id)).toBe(true);
    const wh = await warehouseQuery<{ status: string; n: number }>(env.STOREMATCH_DATA_DIR,
      `select status, count(*) as n from control.reprocess_triggers where run_id = ${lit(targetedRun.id)} group by 1`);
    expect(wh).toEqual([{ status: "CONSUMED", n: pending.length }]);
    const logs = await warehouseQuery<{ n: number }>(env.STOREMATCH_DATA_DIR,
      `select count(*) as n from control.transformation_logs where run_id = ${lit(targetedRun.id)}`);
    expect(logs[0]!.n).toBe(targetedRun.modelsTotal);

    // The LEGAL_FORM_NOISE stores are matched now.
    expect(targetedRun.versionId).toBe("v2");
    const afterTargeted = await gold("v2");
    const status = new Map<string, string>();
    for (const g of afterTargeted) {
      if (g.gi_id) status.set(`gi|${g.gi_id}`, g.status);
      if (g.th_id) status.set(`th|${g.th_id}`, g.status);
    }
    const healed = noisy.filter((n) => status.get(`${n.source}|${n.store_id}`) === "MATCHED");
    expect(healed.length / noisy.length).toBeGreaterThan(0.98);

    // Rows outside the run's assignment pool are unchanged.
    const pool = new Set((await warehouseQuery<{ source: string; store_id: string }>(env.STOREMATCH_DATA_DIR,
      `select source, store_id from staging.int_reprocess_pool where assign`)).map((p) => `${p.source}|${p.store_id}`));
    const touchesPool = (g: Gold) => (g.gi_id !== null && pool.has(`gi|${g.gi_id}`)) || (g.th_id !== null && pool.has(`th|${g.th_id}`));
    const afterKeys = new Set(afterTargeted.map((g) => JSON.stringify(g)));
    const outside = (await gold("v1")).filter((g) => !touchesPool(g));
    expect(outside.length).toBeGreaterThan(500);
    expect(outside.filter((g) => !afterKeys.has(JSON.stringify(g)))).toEqual([]);

    // For the triggered stores, the targeted result equals a full refresh with the fix and the
    // same model: the targeted run kept v1's parameters, and a full refresh keeps them too when
    // the model is frozen (otherwise it learns them again from the fixed data). The scan's flag
    // makes the next plain run that full refresh, and the run clears the flag.
    cliOk(["settings", "set", "model_frozen", "true"], env);
    expect(cliOk(["run", "--quiet"], env).stdout).toMatch(/queued: FULL_REFRESH \(the last scan set full_refresh_needed\)/);
    expect(cliJson<{ settings: { full_refresh_needed: boolean } }>(["status"], env).settings.full_refresh_needed).toBe(false);
    const full = await gold("v3");
    const params = async (v: string) => query<Record<string, unknown>>(`select * from ${await versionTable(config, v, "model_parameters")} order by comparison, level`);
    const [params1, params2, params3] = [await params("v1"), await params("v2"), await params("v3")];
    expect(params1.length).toBeGreaterThan(20);
    expect(params2).toEqual(params1);
    expect(params3).toEqual(params2);
    const rowOf = (rows: Gold[]) => {
      const m = new Map<string, string>();
      for (const g of rows) {
        const v = JSON.stringify(g);
        if (g.gi_id) m.set(`gi|${g.gi_id}`, v);
        if (g.th_id) m.set(`th|${g.th_id}`, v);
      }
      return m;
    };
    const t = rowOf(afterTargeted);
    const f = rowOf(full);
    const differing = pending.filter((p) => t.get(`${p.source}|${p.storeId}`) !== f.get(`${p.source}|${p.storeId}`));
    expect(differing).toEqual([]);

    // Store profiles: the targeted version appended only the re-normalized stores to v1's
    // files, and its profile of each triggered store is the full refresh's.
    const { readManifest, resolveVersion } = await import("../../lib/versions/registry");
    const files = async (v: string) => readManifest(await resolveVersion(config, v)).tables.dim_stores;
    const [p1, p2, p3] = [await files("v1"), await files("v2"), await files("v3")];
    expect(p2.files).toEqual(expect.arrayContaining(p1.files));
    expect(p2.files).toHaveLength(p1.files.length + 1);
    expect(p2.rows - p1.rows).toBe(new Set(pending.map((p) => `${p.source}|${p.storeId}`)).size);
    expect(p3.files).toHaveLength(1);
    const { storeProfiles } = await import("../../lib/versions/explorer");
    const { versionReader } = await import("../../lib/versions/reader");
    const keys = pending.map((p) => ({ source: p.source as "gi" | "th", storeId: p.storeId }));
    const strip = (m: Map<string, object>) => new Map([...m].map(([k, v]) => [k, JSON.stringify({ ...v, computed_at: null })]));
    const [r2, r3] = [await versionReader(config, "v2"), await versionReader(config, "v3")];
    const [prof2, prof3] = [strip(await storeProfiles(r2, keys)), strip(await storeProfiles(r3, keys))];
    expect(prof2.size).toBe(keys.length);
    expect([...prof2].filter(([k, v]) => prof3.get(k) !== v)).toEqual([]);
  });
});
