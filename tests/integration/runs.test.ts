import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { paths } from "../../lib/config";
import { closeControl, control } from "../../lib/control/db";
import { processAlive } from "../../lib/runner/lease";
import { cli, cliOk, startCli, tempDir, versionStates, waitFor, workspaceConfig } from "../helpers";

// Runs: crash recovery (kill -9), single flight per warehouse, cancel.
describe("runs", () => {
  const dir = tempDir();
  const env = { STOREMATCH_DATA_DIR: join(dir, "data"), STOREMATCH_USER: "admin@test" };
  const config = workspaceConfig(env.STOREMATCH_DATA_DIR);
  const db = () => control(config);

  beforeAll(() => {
    cliOk(["generate", "--stores", "3000", "--seed", "8", "--out", join(dir, "in")], env);
    cliOk(["ingest", "--gi", join(dir, "in", "gi.csv"), "--th", join(dir, "in", "th.csv")], env);
    cliOk(["run", "--quiet"], env);
  });
  afterAll(() => closeControl());

  /** Wait until the run has started dbt and built at least one model. */
  const midRun = (runId?: string) =>
    waitFor("a run in the middle of its models", async () => {
      const r = await db().run.findFirst({ where: { status: "RUNNING", ...(runId ? { id: runId } : {}) } });
      return r && r.pid && r.modelsDone >= 1 ? r : undefined;
    });

  async function approvedTriggers(n: number): Promise<number[]> {
    const rows = readFileSync(join(dir, "in", "gi.csv"), "utf8").trim().split("\n").slice(1, n + 1).map((l) => l.split(",")[0]!);
    for (const id of rows) cliOk(["triggers", "add", "--source", "gi", "--store", id, "--reason", "test"], env);
    const pending = await db().trigger.findMany({ where: { status: "PENDING" } });
    cliOk(["triggers", "approve", "--ids", pending.map((t) => t.id).join(",")], env);
    return pending.map((t) => t.id);
  }

  it("kill -9 of the dbt process group: the run fails, nothing is lost, the next run succeeds", async () => {
    const ids = await approvedTriggers(5);
    const before = await versionStates(config);
    const batch = readFileSync(join(paths(config).rawCurrent, "manifest.json"), "utf8");
    const started = startCli(["run", "--targeted", "--quiet"], env);
    const run = await midRun();
    process.kill(-run.pid!, "SIGKILL");
    const r = await started.done;
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`storematch: run ${run.id} failed: dbt was stopped by SIGKILL`);
    expect((await db().run.findUniqueOrThrow({ where: { id: run.id } })).status).toBe("FAILED");
    const triggers = await db().trigger.findMany({ where: { id: { in: ids } } });
    expect(triggers.map((t) => [t.status, t.runId])).toEqual(ids.map(() => ["APPROVED", null]));
    expect(await versionStates(config)).toEqual(before);
    expect(readFileSync(join(paths(config).rawCurrent, "manifest.json"), "utf8")).toBe(batch);
    expect(await db().lease.count()).toBe(0);

    cliOk(["run", "--targeted", "--quiet"], env);
    const after = await db().trigger.findMany({ where: { id: { in: ids } } });
    expect(after.every((t) => t.status === "CONSUMED")).toBe(true);
    expect((await versionStates(config)).length).toBe(before.length + 1);
  });

  it("kill -9 of the runner itself: the next start marks the run FAILED and frees its triggers", async () => {
    const ids = await approvedTriggers(3);
    const before = await versionStates(config);
    const started = startCli(["run", "--targeted", "--quiet"], env);
    const run = await midRun();
    started.child.kill("SIGKILL");
    await started.done;
    // The orphaned dbt is ended by recovery; the status command recovers.
    const status = JSON.parse(cliOk(["status", "--json"], env).stdout) as { runs: { id: string; status: string; summary: string }[] };
    const recovered = status.runs.find((x) => x.id === run.id)!;
    expect(recovered.status).toBe("FAILED");
    expect(recovered.summary).toMatch(/runner process died/);
    await waitFor("the orphaned dbt to end", async () => !processAlive(run.pid));
    const triggers = await db().trigger.findMany({ where: { id: { in: ids } } });
    expect(triggers.every((t) => t.status === "APPROVED" && t.runId === null)).toBe(true);
    expect(await versionStates(config)).toEqual(before);
    const audit = await db().auditEvent.findFirst({ where: { entity: "Run", entityId: run.id, action: "runs.recover" } });
    expect(audit?.actor).toBe("system");
    cliOk(["run", "--targeted", "--quiet"], env);
  });

  it("two runs asked for at once never run dbt together: the second waits and says so", async () => {
    const a = startCli(["run", "--full-refresh", "--quiet"], env);
    const b = startCli(["run", "--full-refresh", "--quiet"], env);
    const [ra, rb] = await Promise.all([a.done, b.done]);
    expect(ra.code).toBe(0);
    expect(rb.code).toBe(0);
    expect(ra.stdout + rb.stdout).toMatch(/waiting: run \S+ (is RUNNING|is PUBLISHING|was queued first)/);
    const runs = await db().run.findMany({ where: { kind: "FULL_REFRESH", status: "SUCCEEDED" }, orderBy: { startedAt: "desc" }, take: 2 });
    const [second, first] = runs as [NonNullable<(typeof runs)[0]>, NonNullable<(typeof runs)[0]>];
    expect(second.startedAt!.getTime()).toBeGreaterThanOrEqual(first.finishedAt!.getTime());
    expect(first.createdAt.getTime()).toBeLessThanOrEqual(second.createdAt.getTime()); // queued runs start in order
  });

  it("an ingest waits for a running run instead of swapping the raw data under it", async () => {
    const started = startCli(["run", "--full-refresh", "--quiet"], env);
    const run = await midRun();
    const ing = cli(["ingest", "--gi", join(dir, "in", "gi.csv"), "--th", join(dir, "in", "th.csv")], env);
    expect(ing.code).toBe(0);
    expect(ing.stdout).toMatch(/waiting: the warehouse is busy \(/);
    const r = await started.done;
    expect(r.code).toBe(0);
    const ingestAudit = await db().auditEvent.findFirst({ where: { action: "raw.ingest" }, orderBy: { id: "desc" } });
    const finished = await db().run.findUniqueOrThrow({ where: { id: run.id } });
    expect(ingestAudit!.at.getTime()).toBeGreaterThanOrEqual(finished.finishedAt!.getTime());
  });

  it("cancel ends the whole dbt process group and marks the run CANCELLED", async () => {
    const started = startCli(["run", "--full-refresh", "--quiet"], env);
    const run = await midRun();
    const before = await versionStates(config);
    expect(cliOk(["runs", "cancel", run.id], env).stdout).toMatch(/cancel requested/);
    const r = await started.done;
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`run ${run.id} cancelled`);
    expect((await db().run.findUniqueOrThrow({ where: { id: run.id } })).status).toBe("CANCELLED");
    expect(processAlive(run.pid)).toBe(false);
    expect(await versionStates(config)).toEqual(before);
    expect(existsSync(join(paths(config).snapshotsDir, run.id))).toBe(false);
    const again = cli(["runs", "cancel", run.id], env);
    expect(again.stderr.trim()).toBe(`storematch: run ${run.id} is already CANCELLED`);
  });
});
