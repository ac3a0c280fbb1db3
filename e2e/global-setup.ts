import { execFile, spawn, type ChildProcess } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { consoleBuildIsFresh, NEXT_BIN as NEXT } from "../tests/console-build";
import { copyDbtProject, ROOT, thinLegalFormTwins, waitFor } from "../tests/helpers";
import { E2E_DATA_DIR, E2E_DATA_DIR_CHOSEN, E2E_DBT_DIR, E2E_PASSWORD, E2E_PORT, e2eEmail, ROLES_E2E } from "./env";

const run = promisify(execFile);

/**
 * Fresh generated data, ingested and matched through the real CLI, then the console built and
 * started on it: Playwright's own `webServer` starts before global setup, so the server would
 * open a workspace this setup is still making. Here the build (unless .next holds a fresh one)
 * runs while the data is made, and `next start` waits for both. The returned function is the teardown: it stops the server.
 *
 * The workspace has its own copy of the dbt project whose legal-forms seed is emptied (the
 * "bug"), and TH knows the legal-form stores by name and city only (thinLegalFormTwins): the
 * learned model then cannot match them, LEGAL_FORM_NOISE leads the failures, and the healing
 * spec restores the seed (the fix).
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  await assertPortFree(E2E_PORT);
  rmSync(E2E_DATA_DIR, { recursive: true, force: true });
  const logs = mkdtempSync(join(tmpdir(), "storematch-e2e-logs-"));
  // The build gets a scratch workspace of its own: nothing it might open can race the setup below.
  const buildWorkspace = mkdtempSync(join(tmpdir(), "storematch-e2e-build-"));
  // A build newer than every source (the PostgreSQL pass's instances test made one) is reused.
  const build = consoleBuildIsFresh()
    ? { child: undefined, done: Promise.resolve() }
    : runLogged("next build", [NEXT, "build"], { STOREMATCH_DATA_DIR: buildWorkspace }, join(logs, "next-build.log"));
  try {
    await makeWorkspace();
  } catch (e) {
    if (build.child) await stop(build.child); // never leave the build running behind a failed setup
    throw e;
  }
  await build.done;
  rmSync(buildWorkspace, { recursive: true, force: true });
  const server = startServer(join(logs, "next-start.log"));
  await waitForServer(server, `http://127.0.0.1:${E2E_PORT}/login`, 120_000);
  return async () => {
    await stop(server.child);
    if (!E2E_DATA_DIR_CHOSEN) rmSync(E2E_DATA_DIR, { recursive: true, force: true });
    rmSync(logs, { recursive: true, force: true });
  };
}

async function makeWorkspace(): Promise<void> {
  copyDbtProject(E2E_DATA_DIR); // into E2E_DBT_DIR
  const seed = join(E2E_DBT_DIR, "seeds", "normalization", "legal_forms.csv");
  writeFileSync(seed, readFileSync(seed, "utf8").split("\n")[0] + "\n");
  const env = { ...process.env, STOREMATCH_DATA_DIR: E2E_DATA_DIR, STOREMATCH_DBT_DIR: E2E_DBT_DIR };
  const cli = async (...args: string[]) => {
    try {
      await run(process.execPath, [join(ROOT, "bin", "storematch.mjs"), ...args], { env, maxBuffer: 64 * 1024 * 1024 });
    } catch (e) {
      const err = e as { stderr?: string; stdout?: string };
      throw new Error(`e2e setup: storematch ${args.join(" ")} failed:\n${(err.stderr || err.stdout || String(e)).slice(-4000)}`);
    }
  };
  const input = join(E2E_DATA_DIR, "input");
  await cli("generate", "--stores", "1200", "--seed", "9", "--out", input);
  await thinLegalFormTwins(input); // TH knows those stores by name and city only: see the helper
  await cli("ingest", "--gi", join(input, "gi.csv"), "--th", join(input, "th.csv"));
  await cli("run", "--quiet");
  await cli("scan", "--as", "e2e-setup"); // PENDING triggers for the triggers page
  for (const role of ROLES_E2E) await cli("users", "add", "--email", e2eEmail(role), "--role", role, "--password", E2E_PASSWORD, "--as", "e2e-setup");
}

const consoleEnv = (extra: Record<string, string>): NodeJS.ProcessEnv => ({
  ...process.env,
  NEXT_TELEMETRY_DISABLED: "1",
  NEXTAUTH_URL: `http://127.0.0.1:${E2E_PORT}`,
  ...extra,
});

/** Runs a command to its end, its output in a log file; a failure shows the log's tail. */
function runLogged(what: string, args: string[], extra: Record<string, string>, log: string): { child: ChildProcess; done: Promise<void> } {
  const fd = openSync(log, "w");
  const child = spawn(process.execPath, args, { cwd: ROOT, env: consoleEnv(extra), stdio: ["ignore", fd, fd] });
  closeSync(fd);
  const done = new Promise<void>((ok, fail) => {
    child.on("error", fail);
    child.on("exit", (code, signal) =>
      code === 0 ? ok() : fail(new Error(`e2e setup: ${what} failed (${signal ?? `exit ${code}`}):\n${tail(log)}`)),
    );
  });
  done.catch(() => undefined); // awaited after the workspace is made; a failure is reported there
  return { child, done };
}

function startServer(log: string): { child: ChildProcess; log: string } {
  const fd = openSync(log, "w");
  const child = spawn(process.execPath, [NEXT, "start", "-p", String(E2E_PORT), "-H", "127.0.0.1"], {
    cwd: ROOT,
    env: consoleEnv({ STOREMATCH_DATA_DIR: E2E_DATA_DIR, STOREMATCH_DBT_DIR: E2E_DBT_DIR }),
    stdio: ["ignore", fd, fd],
  });
  closeSync(fd);
  return { child, log };
}

async function waitForServer(server: { child: ChildProcess; log: string }, url: string, timeoutMs: number): Promise<void> {
  try {
    await waitFor(`the console to answer ${url}`, async () => {
      if (server.child.exitCode !== null || server.child.signalCode !== null) {
        throw new Error(`e2e setup: next start exited (${server.child.signalCode ?? `exit ${server.child.exitCode}`}):\n${tail(server.log)}`);
      }
      const res = await fetch(url, { signal: AbortSignal.timeout(5_000) }).catch(() => null); // not listening yet
      return res !== null && res.status < 500;
    }, timeoutMs);
  } catch (e) {
    await stop(server.child);
    throw (e as Error).message.startsWith("e2e setup:") ? e : new Error(`e2e setup: ${(e as Error).message}:\n${tail(server.log)}`);
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

function assertPortFree(port: number): Promise<void> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once("error", () => fail(new Error(`e2e setup: port ${port} on 127.0.0.1 is in use; stop what listens there or set STOREMATCH_E2E_PORT`)));
    probe.listen(port, "127.0.0.1", () => probe.close(() => done()));
  });
}

function tail(log: string): string {
  try {
    return readFileSync(log, "utf8").split("\n").slice(-60).join("\n");
  } catch {
    return "(no log)";
  }
}
