import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeControl, control } from "../../lib/control/db";
import { createTrigger } from "../../lib/control/triggers";
import { hostId } from "../../lib/runner/host";
import { processIdentity } from "../../lib/runner/identity";
import { LEASE_STALE_MS, tryAcquireLease } from "../../lib/runner/lease";
import { recoverRuns } from "../../lib/runner/queue";
import type { RunDto } from "../../lib/runner/queue";
import { cliJson, cliOk, ROOT, tempDir, waitFor, workspaceConfig, workspaceEnv } from "../helpers";

/** Alive and not a zombie (a killed child stays a zombie until it is reaped). */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

describe("the console host dies mid-run (kill -9)", () => {
  const dir = tempDir();
  const env = { STOREMATCH_DATA_DIR: join(dir, "data") };
  const config = workspaceConfig(env.STOREMATCH_DATA_DIR);
  const db = () => control(config);
  const hosts: ChildProcess[] = [];
  const host = (mode: "launch" | "serve") => {
    const child = spawn(process.execPath, [join(ROOT, "tests", "fixtures", "console-host.mjs"), mode], { env: workspaceEnv(env), stdio: ["ignore", "pipe", "pipe"] });
    hosts.push(child);
    return child;
  };

  beforeAll(() => {
    cliOk(["generate", "--stores", "1500", "--seed", "8", "--out", join(dir, "in")], env);
    cliOk(["ingest", "--gi", join(dir, "in", "gi.csv"), "--th", join(dir, "in", "th.csv")], env);
    cliOk(["run", "--full-refresh", "--quiet"], env);
    cliOk(["scan"], env);
    cliOk(["triggers", "approve", "--all-pending"], env);
  }, 600_000);
  afterAll(async () => {
    for (const h of hosts) if (h.exitCode === null && h.signalCode === null) h.kill("SIGKILL");
    await closeControl();
  });

  it("dbt dies with it; the restarted console marks the run FAILED and frees its triggers; the promoted version is intact; the next run works", async () => {
    const pointer = join(env.STOREMATCH_DATA_DIR, "versions", "promoted.json");
    const promotedBefore = readFileSync(pointer, "utf8");
    const approved = await db().trigger.count({ where: { status: "APPROVED" } });
    expect(approved).toBeGreaterThan(0);

    const first = host("launch");
    const run = await waitFor("the run to be RUNNING with its dbt", async () => {
      const r = await db().run.findFirst({ where: { status: "RUNNING", pid: { not: null } } });
      return r && running(r.pid!) ? r : null;
    });
    expect(await db().trigger.count({ where: { status: "APPROVED", runId: run.id } })).toBe(approved);
    await waitFor("dbt to be building", async () => (await db().run.findUnique({ where: { id: run.id } }))!.modelsDone >= 1 || null, 60_000).catch(() => undefined);
    first.kill("SIGKILL");
    await waitFor("the host to be gone", async () => first.signalCode === "SIGKILL" || null);

    // dbt, in its own process group, is killed with its runner (parent-death signal).
    await waitFor("dbt to die with the console", async () => !running(run.pid!) || null, 10_000);
    const warehouse = join(env.STOREMATCH_DATA_DIR, "warehouse.duckdb");
    const mtime = statSync(warehouse).mtimeMs;
    await new Promise((r) => setTimeout(r, 2000));
    expect(statSync(warehouse).mtimeMs).toBe(mtime); // nothing writes it any more

    // The restarted console recovers at start: the run FAILED, its triggers APPROVED and free again.
    const second = host("serve");
    // Recovery marks the run FAILED and frees its triggers in one transaction, then kills any
    // leftover dbt, and only then drops the lease (so nothing else can start while one might still
    // write): its last step is the lease going.
    const failed = await waitFor("recovery at start", async () => {
      const r = await db().run.findUnique({ where: { id: run.id } });
      return r?.status === "FAILED" && (await db().lease.count()) === 0 ? r : null;
    }, 30_000);
    expect(failed.summary).toBe("the runner process died; recovered on the next start");
    expect(await db().trigger.count({ where: { status: "APPROVED", runId: null } })).toBe(approved);
    expect(await db().lease.count()).toBe(0);
    expect(readFileSync(pointer, "utf8")).toBe(promotedBefore);
    second.kill("SIGKILL");

    // The next launch works, and heals the stores the dead run had in scope.
    cliOk(["run", "--targeted", "--quiet"], env);
    const [next] = cliJson<RunDto[]>(["runs", "list"], env);
    expect(next).toMatchObject({ kind: "TARGETED", status: "SUCCEEDED" });
    expect(next!.scope).toHaveLength(approved);
    expect(existsSync(pointer)).toBe(true);
  }, 600_000);

  it("recovery never trusts a pid alone: a live process with the dead runner's pid but another start time is not the runner", async () => {
    // A run whose recorded runner had this very pid (a restarted server in a container gets the
    // same pid) but started at another time: its runner is dead.
    const [pid] = processIdentity().split(":");
    const run = await db().run.create({ data: { id: "reused-pid-run", kind: "TARGETED", status: "RUNNING", warehouse: "w", requestedBy: "t", requesterPid: Number(pid), requesterId: `${pid}:1` } });
    expect(await recoverRuns(config)).toContain(run.id);
    expect((await db().run.findUniqueOrThrow({ where: { id: run.id } })).status).toBe("FAILED");
    // And a run of this process (same pid, same start time) is left alone.
    await db().run.create({ data: { id: "live-run", kind: "TARGETED", status: "RUNNING", warehouse: "w", requestedBy: "t", requesterPid: Number(pid), requesterId: processIdentity() } });
    expect(await recoverRuns(config)).not.toContain("live-run");
    await db().run.update({ where: { id: "live-run" }, data: { status: "FAILED" } });
  });

  it("another host's runs and leases are judged by their heartbeat alone, never by a local pid", async () => {
    // Recorded by a runner on another machine whose pid happens to be dead here (or alive: it does not matter).
    const dead = "999999:1";
    const fresh = Date.now();
    const run = await db().run.create({ data: { id: "other-host-run", kind: "TARGETED", status: "RUNNING", warehouse: "w", requestedBy: "t", requesterPid: 999999, requesterId: dead, hostId: "elsewhere:1", heartbeatMs: fresh } });
    const tId = (await createTrigger(db(), { source: "gi", storeId: "OTHER-HOST", reason: "x", priority: 90, origin: "MANUAL" }, "t"))!.id;
    await db().trigger.update({ where: { id: tId }, data: { status: "APPROVED", runId: run.id } });
    await db().lease.create({ data: { warehouse: "w", holder: run.id, hostId: "elsewhere:1", pid: 999999, acquiredMs: fresh, heartbeatMs: fresh } });
    expect(await recoverRuns(config)).not.toContain(run.id);
    expect(await tryAcquireLease(db(), "w", "someone-else")).toBe(false); // its lease is not taken over either
    // Its heartbeat stops: now it is dead, wherever it ran.
    const stale = Date.now() - LEASE_STALE_MS - 1_000;
    await db().run.update({ where: { id: run.id }, data: { heartbeatMs: stale } });
    await db().lease.update({ where: { warehouse: "w" }, data: { heartbeatMs: stale } });
    expect(await recoverRuns(config)).toEqual([run.id]);
    expect(await db().run.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ status: "FAILED", summary: `the runner on elsewhere:1 stopped beating; recovered by ${hostId(config)}` });
    expect(await db().trigger.findUniqueOrThrow({ where: { id: tId } })).toMatchObject({ status: "APPROVED", runId: null });
    expect(await db().lease.count({ where: { warehouse: "w" } })).toBe(0);
    expect(await recoverRuns(config)).toEqual([]); // recorded once
  });
});
