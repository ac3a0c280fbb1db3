import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeControl, control } from "../../lib/control/db";
import { currentBatch } from "../../lib/ingest/ingest";
import { LEASE_STALE_MS } from "../../lib/runner/lease";
import type { RunDto } from "../../lib/runner/queue";
import { ensureConsoleBuild, NEXT_BIN } from "../console-build";
import { cliOk, controlPlaneEnv, ROOT, tempDir, waitFor, workspaceConfig } from "../helpers";
import { freePort } from "../postgres";

/**
 * Two console instances (`next start`, as behind a load balancer) on one PostgreSQL control
 * plane and one workspace, each with its own host id (as on two machines): runs launched from
 * both at once run one at a time, both consoles show the same progress, a promotion made on
 * one is warmed on the other, and when the instance running a run is killed with kill -9, the
 * other recovers it once its heartbeat is stale. Runs in the PostgreSQL pass (vitest.config.ts).
 */
describe("several console instances, one PostgreSQL control plane", () => {
  const dir = tempDir();
  const data = join(dir, "data");
  const env = { STOREMATCH_DATA_DIR: data, ...controlPlaneEnv(data) };
  const config = workspaceConfig(data);
  const db = () => control(config);
  const admin = { email: "admin@test.local", password: "a long admin password" };

  interface Instance {
    name: string;
    port: number;
    child: ChildProcess;
    out: string;
    cookie: string;
  }
  const instances: Instance[] = [];

  async function startInstance(name: string): Promise<Instance> {
    const port = await freePort();
    const child = spawn(process.execPath, [NEXT_BIN, "start", "-p", String(port), "-H", "127.0.0.1"], {
      cwd: ROOT,
      env: { ...process.env, ...env, STOREMATCH_HOST_ID: name, NEXTAUTH_URL: `http://127.0.0.1:${port}`, NEXT_TELEMETRY_DISABLED: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const inst: Instance = { name, port, child, out: "", cookie: "" };
    child.stdout!.on("data", (d: Buffer) => (inst.out += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (inst.out += d.toString()));
    instances.push(inst);
    await waitFor(`${name} to serve`, async () => (await fetch(`http://127.0.0.1:${port}/login`).catch(() => null))?.ok, 120_000);
    return inst;
  }

  /** next-auth's credentials sign-in over HTTP: the CSRF token and its cookie, then the session cookie. */
  async function signIn(inst: Instance): Promise<void> {
    const base = `http://127.0.0.1:${inst.port}`;
    const csrf = await fetch(`${base}/api/auth/csrf`);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const jar = csrf.headers.getSetCookie().map((c) => c.split(";")[0]!);
    const res = await fetch(`${base}/api/auth/callback/credentials`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.join("; ") },
      body: new URLSearchParams({ csrfToken, email: admin.email, password: admin.password, json: "true", callbackUrl: base }),
    });
    const session = res.headers.getSetCookie().map((c) => c.split(";")[0]!).find((c) => c.startsWith("next-auth.session-token="));
    expect(session, `${inst.name}: signed in (status ${res.status})`).toBeDefined();
    inst.cookie = [...jar, session!].join("; ");
  }

  async function api<T>(inst: Instance, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`http://127.0.0.1:${inst.port}${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers: { cookie: inst.cookie, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as T;
    if (!res.ok) throw new Error(`${inst.name} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  }

  const activeCount = async () => db().run.count({ where: { status: { in: ["RUNNING", "PUBLISHING"] } } });
  const rawFiles = () => Object.fromEntries(readdirSync(join(data, "raw"), { recursive: true }).map(String).sort().map((f) => [f, statSync(join(data, "raw", f)).mtimeMs]));
  const versionStates = async () => (await db().version.findMany({ orderBy: { id: "asc" }, select: { id: true, status: true, expiredAt: true } })).map((v) => `${v.id}:${v.status}:${v.expiredAt === null}`);

  beforeAll(async () => {
    ensureConsoleBuild();
    cliOk(["generate", "--stores", "1500", "--seed", "11", "--out", join(dir, "in")], env);
    cliOk(["ingest", "--gi", join(dir, "in", "gi.csv"), "--th", join(dir, "in", "th.csv")], env);
    cliOk(["run", "--full-refresh", "--quiet"], env);
    cliOk(["scan"], env);
    cliOk(["triggers", "approve", "--all-pending"], env);
    cliOk(["users", "add", "--email", admin.email, "--role", "admin", "--password", admin.password], env);
    const a = await startInstance("host-a");
    const b = await startInstance("host-b");
    for (const i of [a, b]) await signIn(i);
    // Each instance warms the promoted version's reader at start.
    for (const i of [a, b]) await waitFor(`${i.name} to warm v1`, async () => i.out.includes("reader warm: promoted version v1"), 120_000);
  }, 1_500_000);

  afterAll(async () => {
    for (const i of instances) if (i.child.exitCode === null && i.child.signalCode === null) i.child.kill("SIGKILL");
    await closeControl();
  });

  it("runs launched from both instances at once run one at a time; both show the same progress; a promotion on one is warmed on the other", async () => {
    const [a, b] = instances as [Instance, Instance];
    const launched = await Promise.all([
      api<{ id: string }>(a, "/api/runs", { kind: "FULL_REFRESH", reason: "from instance a" }),
      api<{ id: string }>(b, "/api/runs", { kind: "FULL_REFRESH", reason: "from instance b" }),
    ]);
    const ids = launched.map((r) => r.id);
    // Each run executes on the instance that launched it.
    const hosts = Object.fromEntries((await db().run.findMany({ where: { id: { in: ids } } })).map((r) => [r.id, r.hostId]));
    expect(hosts).toEqual({ [ids[0]!]: "host-a", [ids[1]!]: "host-b" });
    let sameProgress = 0;
    let maxActive = 0;
    let sawWaiting = false;
    await waitFor("both runs to finish", async () => {
      const active = await activeCount();
      maxActive = Math.max(maxActive, active);
      const runs = await Promise.all(ids.map((id) => db().run.findUniqueOrThrow({ where: { id } })));
      if (runs.some((r) => r.status === "QUEUED") && runs.some((r) => r.status === "RUNNING")) sawWaiting = true;
      const running = runs.find((r) => r.status === "RUNNING");
      if (running) {
        // modelsDone only grows: a reading from b between two equal readings from a is the same progress.
        const a1 = await api<RunDto>(a, `/api/runs/${running.id}`);
        const b1 = await api<RunDto>(b, `/api/runs/${running.id}`);
        const a2 = await api<RunDto>(a, `/api/runs/${running.id}`);
        if (a1.status === "RUNNING" && a2.status === "RUNNING" && a1.modelsDone === a2.modelsDone && a1.modelsDone > 0) {
          expect([b1.status, b1.modelsDone, b1.modelsTotal]).toEqual([a1.status, a1.modelsDone, a1.modelsTotal]);
          sameProgress++;
        }
      }
      return runs.every((r) => r.status === "SUCCEEDED") || (runs.find((r) => ["FAILED", "CANCELLED"].includes(r.status)) ? Promise.reject(new Error(JSON.stringify(runs.map((r) => [r.id, r.status, r.summary])))) : null);
    }, 900_000);
    expect(maxActive).toBe(1);
    expect(sawWaiting).toBe(true);
    expect(sameProgress).toBeGreaterThan(0);
    // The runs did not overlap: the second started after the first finished.
    const done = await db().run.findMany({ where: { id: { in: ids } }, orderBy: { startedAt: "asc" } });
    expect(done[1]!.startedAt!.getTime()).toBeGreaterThanOrEqual(done[0]!.finishedAt!.getTime());
    // Both consoles list the same runs, with the same states.
    const listA = (await api<RunDto[]>(a, "/api/runs")).map((r) => [r.id, r.status, r.modelsDone]);
    const listB = (await api<RunDto[]>(b, "/api/runs")).map((r) => [r.id, r.status, r.modelsDone]);
    expect(listB).toEqual(listA);

    // A promotion made on a is warmed on b (b polls the registry).
    const candidate = (await db().version.findFirstOrThrow({ where: { status: "CANDIDATE" }, orderBy: { createdAt: "desc" } })).id;
    expect(await api<{ promoted: string }>(a, "/api/versions/promote", { version: candidate })).toMatchObject({ promoted: candidate });
    await waitFor(`b to warm ${candidate}`, async () => b.out.includes(`reader warm: promoted version ${candidate}`), 60_000);
  });

  it("kill -9 of the instance running a run: the other recovers it once its heartbeat is stale; nothing is lost", async () => {
    const [a, b] = instances as [Instance, Instance];
    const approved = await db().trigger.findMany({ where: { status: "APPROVED", runId: null }, select: { id: true }, orderBy: { id: "asc" } });
    expect(approved.length).toBeGreaterThan(0);
    const batch = currentBatch(config);
    const raw = rawFiles();
    const versions = await versionStates();
    const pointer = readFileSync(join(data, "versions", "promoted.json"), "utf8");

    const { id } = await api<{ id: string }>(a, "/api/runs", { kind: "TARGETED" });
    await waitFor("the run to be building on a", async () => {
      const r = await db().run.findUniqueOrThrow({ where: { id } });
      return r.status === "RUNNING" && r.modelsDone >= 1;
    }, 300_000);
    const before = await db().run.findUniqueOrThrow({ where: { id } });
    expect(before.hostId).toBe("host-a");
    expect(await db().trigger.count({ where: { runId: id, status: "APPROVED" } })).toBe(approved.length);
    a.child.kill("SIGKILL");
    await waitFor("a to be gone", async () => a.child.signalCode === "SIGKILL");

    // b sees it RUNNING (another host's pid is never judged), then FAILED once the heartbeat is stale.
    expect((await api<RunDto>(b, `/api/runs/${id}`)).status).toBe("RUNNING");
    // The lease goes last in a recovery (after the run is FAILED and any leftover dbt killed).
    const failed = await waitFor("b to recover the run", async () => {
      const r = await api<RunDto>(b, `/api/runs/${id}`);
      return r.status === "FAILED" && (await db().lease.count()) === 0 ? r : null;
    }, LEASE_STALE_MS + 90_000);
    // Recovered on the heartbeat alone: not before it was stale (the row keeps the last beat).
    const row = await db().run.findUniqueOrThrow({ where: { id } });
    expect(row.finishedAt!.getTime() - row.heartbeatMs!).toBeGreaterThan(LEASE_STALE_MS);
    expect(failed.summary).toBe("the runner on host-a stopped beating; recovered by host-b");
    const recover = await db().auditEvent.findFirstOrThrow({ where: { action: "runs.recover", entityId: id } });
    expect(recover.after).toMatchObject({ status: "FAILED", triggersReleased: approved.length, by: "host-b" });
    // Its triggers are APPROVED and free again; the lease is gone; raw data and versions are as they were.
    expect(await db().trigger.findMany({ where: { id: { in: approved.map((t) => t.id) } }, select: { id: true, status: true, runId: true }, orderBy: { id: "asc" } }))
      .toEqual(approved.map((t) => ({ id: t.id, status: "APPROVED", runId: null })));
    expect(await db().lease.count()).toBe(0);
    expect(currentBatch(config)).toBe(batch);
    expect(before.rawBatch).toBe(batch);
    expect(rawFiles()).toEqual(raw);
    expect(await versionStates()).toEqual(versions);
    expect(readFileSync(join(data, "versions", "promoted.json"), "utf8")).toBe(pointer);
  });
});
