import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeControl, control } from "../../lib/control/db";
import { setSetting } from "../../lib/control/settings";
import { exportMatches } from "../../lib/export";
import { diffVersions } from "../../lib/versions/diff";
import { matchCounts } from "../../lib/versions/queries";
import { listVersions, promotedPointer, readManifest, resolveVersion, VERSION_TABLES, type VersionDto } from "../../lib/versions/registry";
import { cli, cliOk, lit, query, startCli, tempDir, versionStates, waitFor, warehouseQuery, workspaceConfig } from "../helpers";

describe("versions", () => {
  const dir = tempDir();
  const env = { STOREMATCH_DATA_DIR: join(dir, "data"), STOREMATCH_USER: "admin@test" };
  const config = workspaceConfig(env.STOREMATCH_DATA_DIR);
  const db = () => control(config);

  // Two pair decisions that v2's build applies, so that the diff test has two versions that
  // differ (v1 before them, v2 after) without a build of its own: a pair v1 matched, forced
  // apart, and a GI and a TH store v1 left unmatched, forced together.
  let pair: { gi_id: string; th_id: string };
  let gi: string;
  let th: string;

  beforeAll(async () => {
    cliOk(["generate", "--stores", "1500", "--seed", "13", "--out", join(dir, "in")], env);
    cliOk(["ingest", "--gi", join(dir, "in", "gi.csv"), "--th", join(dir, "in", "th.csv")], env);
    cliOk(["run", "--quiet"], env);
    const gold = await query<{ gi_id: string | null; th_id: string | null; status: string }>(
      `select gi_id, th_id, status from read_parquet([${readManifest(await resolveVersion(config, "v1")).tables.fct_store_matches.files.map(lit).join(",")}])`);
    const matched = gold.find((g) => g.status === "MATCHED")!;
    pair = { gi_id: matched.gi_id!, th_id: matched.th_id! };
    gi = gold.find((g) => g.status === "GI_ONLY")!.gi_id!;
    th = gold.find((g) => g.status === "TH_ONLY")!.th_id!;
    cliOk(["decisions", "set", "--gi", pair.gi_id, "--th", pair.th_id, "--no-match"], env);
    cliOk(["decisions", "set", "--gi", gi, "--th", th, "--match", "--note", "same shop, renamed"], env);
  });
  afterAll(() => closeControl());

  it("publishes a validated run as one Iceberg snapshot per table, registered in both registries", async () => {
    const [v] = await listVersions(config);
    expect(v).toMatchObject({ id: "v1", status: "PROMOTED", promotedBy: "system (first version)" });
    const run = await db().run.findFirstOrThrow({ where: { versionId: "v1" } });
    expect(v!.runId).toBe(run.id);
    expect(v!.invocationId).toMatch(/^[0-9a-f-]{36}$/);
    const m = readManifest(await resolveVersion(config, "v1"));
    for (const t of VERSION_TABLES) {
      expect(m.tables[t].snapshotId).toBe(v!.snapshots[t]);
      expect(m.tables[t].files.length).toBeGreaterThan(0);
      for (const f of m.tables[t].files) expect(existsSync(f)).toBe(true);
    }
    const counts = await matchCounts(config, "v1");
    expect(v!.metrics.byStatus).toEqual({ MATCHED: counts.matched, GI_ONLY: counts.giOnly, TH_ONLY: counts.thOnly });
    expect(Object.values(v!.metrics.byReason).reduce((a, b) => a + b, 0)).toBe(counts.giOnly + counts.thOnly);
    const [row] = await warehouseQuery<{ version_id: string; run_id: string; snapshots: string }>(env.STOREMATCH_DATA_DIR,
      `select version_id, run_id, snapshots::varchar as snapshots from control.version_registry`);
    expect(row!.version_id).toBe("v1");
    expect(row!.run_id).toBe(run.id);
    expect(JSON.parse(row!.snapshots)).toEqual(v!.snapshots);
    expect(JSON.parse(readFileSync(promotedPointer(config), "utf8")).version).toBe("v1");
  });

  it("another Iceberg reader (a pyiceberg scan) reads each registered snapshot and gets the console's rows", async () => {
    const m = readManifest(await resolveVersion(config, "v1"));
    for (const t of VERSION_TABLES) {
      const out = join(dir, `scan-${t}.parquet`);
      execFileSync(join(config.venvDir, "bin", "python"), [join(config.root, "lib", "versions", "local", "iceberg.py"), "scan", "--table", t, "--snapshot-id", m.tables[t].snapshotId, "--out", out, "--data-dir", config.dataDir]);
      const console_ = `read_parquet([${m.tables[t].files.map(lit).join(", ")}])`;
      const [r] = await query<{ a: number; b: number; only_a: number; only_b: number }>(`
        select (select count(*) from read_parquet(${lit(out)})) as a, (select count(*) from ${console_}) as b,
               (select count(*) from (select * from read_parquet(${lit(out)}) except all select * from ${console_})) as only_a,
               (select count(*) from (select * from ${console_} except all select * from read_parquet(${lit(out)}))) as only_b`);
      expect(r).toEqual({ a: r!.b, b: r!.b, only_a: 0, only_b: 0 });
      expect(r!.b).toBeGreaterThan(0);
    }
  });

  it("promotes, rolls back, and treats promoting the promoted version as a no-op", async () => {
    cliOk(["run", "--full-refresh", "--quiet"], env); // v2, with the pair decisions
    expect(await versionStates(config)).toEqual(["v1:PROMOTED", "v2:CANDIDATE"]);
    expect(cliOk(["versions", "promote", "v2"], env).stdout).toBe("promoted v2 (was v1)\n");
    expect(await versionStates(config)).toEqual(["v1:RETIRED", "v2:PROMOTED"]);
    expect((await matchCounts(config)).version).toBe("v2");
    expect(cliOk(["versions", "promote", "v2"], env).stdout).toBe("v2 is already promoted: nothing to do\n");
    expect(cliOk(["versions", "promote", "v1"], env).stdout).toBe("promoted v1 (was v2)\n"); // roll back
    expect(await versionStates(config)).toEqual(["v1:PROMOTED", "v2:RETIRED"]);
    const events = await db().auditEvent.findMany({ where: { action: "versions.promote" }, orderBy: { id: "asc" } });
    expect(events.map((e) => [e.entityId, e.actor])).toEqual([["v1", "system (first version)"], ["v2", "admin@test"], ["v1", "admin@test"]]);
    const bad = cli(["versions", "promote", "v9"], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toBe("storematch: no version \"v9\" (see `storematch versions list`)");
  });

  it("diffs two versions: newly matched, lost, partner changed, and the deltas", async () => {
    // v1 was built before the pair decisions (beforeAll), v2 after them.
    const d = await diffVersions(config, "v1", "v2");
    expect(d.newlyMatched.map((p) => [p.gi_id, p.th_id])).toContainEqual([gi, th]);
    const gone = [...d.lost.map((p) => p.gi_id), ...d.partnerChanged.filter((p) => p.side === "gi").map((p) => p.store_id)];
    expect(gone).toContain(pair.gi_id);
    expect(d.statusDeltas.MATCHED!.delta).toBe(d.newlyMatched.length - d.lost.length);
    expect(d.statusDeltas.GI_ONLY!.delta + d.statusDeltas.MATCHED!.delta).toBe(0); // the same stores
    const reasonTotal = Object.values(d.reasonDeltas).reduce((s, r) => s + r.delta, 0);
    expect(reasonTotal).toBe(d.statusDeltas.GI_ONLY!.delta + d.statusDeltas.TH_ONLY!.delta);
    const json = JSON.parse(cliOk(["versions", "diff", "v1", "v2", "--json"], env).stdout);
    expect(json).toEqual(JSON.parse(JSON.stringify(d)));
    expect(cliOk(["versions", "diff", "v1", "v2"], env).stdout).toMatch(/newly matched: \d+\n/);
  });

  // The run of the next test also publishes the version whose retention the test after it
  // checks (retention is applied when a version is published): one build for both.
  let retention: { before: VersionDto[]; old: string[]; oldFiles: string[][] } | undefined;

  it("reads keep returning the promoted data while a run is in progress", async () => {
    await setSetting(db(), "retention_candidates", 1, "admin@test");
    await setSetting(db(), "retention_days", 0, "admin@test");
    const before = await listVersions(config);
    const old = before.filter((v) => v.status !== "PROMOTED" && !v.expired).map((v) => v.id);
    retention = { before, old, oldFiles: old.flatMap((id) => Object.values(readManifestSync(id))) };
    const promoted = await matchCounts(config);
    const started = startCli(["run", "--full-refresh", "--quiet"], env);
    await waitFor("the run to be building models", async () => {
      const r = await db().run.findFirst({ where: { status: "RUNNING" } });
      return r && r.modelsDone >= 1 ? r : undefined;
    });
    expect(await matchCounts(config)).toEqual(promoted);
    const out = join(dir, "during.csv");
    expect(await exportMatches(config, out)).toBe(promoted.matched + promoted.giOnly + promoted.thOnly);
    const finished = await started.done;
    expect(finished.code, finished.stderr).toBe(0);
    expect(await matchCounts(config)).toEqual(promoted); // the new version is a candidate
  });

  it("retention keeps the promoted version, the last N candidates and young ones; expires the rest", async () => {
    // Settings 1 candidate and 0 days, then a run (the previous test's): see `retention`.
    const { before, old, oldFiles } = retention!;
    expect(old.length).toBeGreaterThan(0);
    const after = await listVersions(config);
    const live = after.filter((v) => !v.expired).map((v) => `${v.id}:${v.status}`);
    const newest = after[0]!.id;
    expect(live.sort()).toEqual([`${newest}:CANDIDATE`, "v1:PROMOTED"].sort());
    for (const f of oldFiles.flat()) expect(existsSync(f)).toBe(false);
    for (const id of old) {
      const r = cli(["export", "matches", "--version", id, "--out", join(dir, "x.csv")], env);
      expect(r.stderr.trim()).toBe(`storematch: version ${id} was expired by retention: its files are gone`);
    }
    // The Iceberg snapshots are gone too.
    const expiredSnap = before.find((v) => v.id === old[0])!.snapshots.fct_store_matches!;
    expect(() =>
      execFileSync(join(config.venvDir, "bin", "python"), [join(config.root, "lib", "versions", "local", "iceberg.py"), "scan", "--table", "fct_store_matches", "--snapshot-id", expiredSnap, "--out", join(dir, "gone.parquet"), "--data-dir", config.dataDir], { stdio: "pipe" }),
    ).toThrow();
  });

  it("auto-promote promotes a candidate only when its match rate did not drop by more than the bound", async () => {
    await setSetting(db(), "auto_promote", true, "admin@test");
    await setSetting(db(), "auto_promote_max_drop", 0, "admin@test");
    for (const d of await db().pairDecision.findMany()) cliOk(["decisions", "remove", "--gi", d.giId, "--th", d.thId], env);
    cliOk(["run", "--full-refresh", "--quiet"], env); // same data, same rules: the rate did not drop
    const [same] = await listVersions(config);
    expect(same).toMatchObject({ status: "PROMOTED" });
    expect(same!.promotedBy).toMatch(/^system \(auto-promote: match rate (fell|rose) 0\.00 points\)$/);
    const gold = await query<{ gi_id: string; th_id: string }>(
      `select gi_id, th_id from read_parquet([${readManifest(await resolveVersion(config, same!.id)).tables.fct_store_matches.files.map(lit).join(",")}]) where status = 'MATCHED' order by score desc limit 5`);
    for (const g of gold) cliOk(["decisions", "set", "--gi", g.gi_id, "--th", g.th_id, "--no-match"], env);
    cliOk(["run", "--full-refresh", "--quiet"], env);
    const [worse] = await listVersions(config);
    expect(worse!.metrics.matchRate).toBeLessThan(same!.metrics.matchRate);
    expect(worse!.status).toBe("CANDIDATE");
    expect((await matchCounts(config)).version).toBe(same!.id);
    // The warehouse's copy of the registry follows the statuses.
    const wh = await warehouseQuery<{ version_id: string; status: string }>(env.STOREMATCH_DATA_DIR, `select version_id, status from control.version_registry order by version_id`);
    const cp = await listVersions(config);
    expect(Object.fromEntries(wh.map((r) => [r.version_id, r.status]))).toEqual(Object.fromEntries(cp.map((v) => [v.id, v.status])));
  });

  it("scan with auto-approve: scores above the bound skip the queue", async () => {
    await setSetting(db(), "auto_approve", true, "admin@test");
    await setSetting(db(), "auto_approve_min_potential", 90, "admin@test");
    // The scan reports counts and the id range of the triggers it created (one insert).
    const r = JSON.parse(cliOk(["scan", "--json"], env).stdout) as { created: number; batch: { fromId: number; toId: number } | null };
    expect(r.created).toBeGreaterThan(0);
    const created = await db().trigger.findMany({ where: { id: { gte: r.batch!.fromId, lte: r.batch!.toId } } });
    expect(created).toHaveLength(r.created);
    for (const t of created) {
      expect(t.status).toBe(t.priority > 90 ? "APPROVED" : "PENDING");
      if (t.status === "APPROVED") expect(t.decidedBy).toBe("admin@test (auto-approve)");
    }
  });

  function readManifestSync(id: string): Record<string, string[]> {
    const m = JSON.parse(readFileSync(join(config.dataDir, "versions", id, "manifest.json"), "utf8")) as { tables: Record<string, { files: string[] }> };
    return Object.fromEntries(Object.entries(m.tables).map(([t, x]) => [t, x.files]));
  }
});
