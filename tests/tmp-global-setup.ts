import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * vitest globalSetup of every test run (both vitest configs; listed first): one temp folder for
 * the whole run, removed at the end. It becomes the workers' TMPDIR before they start, so
 * `os.tmpdir()` in the tests (tempDir() in tests/helpers.ts, mkdtemp in the unit tests) and in
 * every child they spawn (the CLI, dbt, fakesnow, PostgreSQL's data directory, next) points into
 * it: nothing a test or its children leave in the temp dir outlives the run.
 * STOREMATCH_KEEP_TMP=1 keeps it, to look at a failed test's workspace, and prints where it is.
 *
 * Traverse-only for others (0711): as root, the PostgreSQL pass runs its server as the
 * `postgres` user, in a folder inside this one. Its paths stay short (Unix socket paths are
 * limited to 107 bytes: PostgreSQL's socket lives in its folder).
 */
export default function setup(): () => void {
  const before = process.env.TMPDIR;
  const dir = mkdtempSync(join(tmpdir(), "storematch-test-run-"));
  chmodSync(dir, 0o711);
  process.env.TMPDIR = dir;
  const keep = process.env.STOREMATCH_KEEP_TMP === "1";
  if (keep) console.log(`[tmp] this run's temp folder: ${dir} (kept: STOREMATCH_KEEP_TMP=1)`);
  return () => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    if (keep) {
      console.log(`[tmp] kept this run's temp folder: ${dir}`);
      return;
    }
    unmountUnder(dir);
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  };
}

/** A file system a test mounted under the folder and left mounted (diskfull.test.ts, if it died mid-way): rm would fail on it. */
function unmountUnder(dir: string): void {
  if (!existsSync("/proc/self/mounts")) return;
  const mounts = readFileSync("/proc/self/mounts", "utf8").split("\n").map((l) => l.split(" ")[1] ?? "").filter((m) => m.startsWith(`${dir}/`));
  for (const m of mounts.reverse()) {
    try {
      execFileSync("umount", ["-l", m], { stdio: "ignore" });
    } catch {
      // not ours to unmount (not root): rm then names it
    }
  }
}
