import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, truncateSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { RunDto } from "../../lib/runner/queue";
import { cli, cliJson, cliOk, tempDir } from "../helpers";

// A small tmpfs as the workspace's disk. Mounting needs root: elsewhere the test is skipped, and says why.
const mountPoint = join(tempDir(), "disk");
mkdirSync(mountPoint);
const mounted = process.getuid?.() === 0 && spawnSync("mount", ["-t", "tmpfs", "-o", "size=120m", "tmpfs", mountPoint]).status === 0;
const why = process.getuid?.() !== 0 ? "needs root to mount a small tmpfs" : "mount -t tmpfs failed here";

describe("disk full during a run", () => {
  afterAll(() => {
    if (mounted) spawnSync("umount", [mountPoint]);
  });

  it.skipIf(!mounted)(`fails with a clear message, releases the lease, and leaves the promoted version intact${mounted ? "" : ` (skipped: ${why})`}`, () => {
    const env = { STOREMATCH_DATA_DIR: join(mountPoint, "data") };
    const input = tempDir(); // the input files live elsewhere
    cliOk(["generate", "--stores", "1500", "--seed", "3", "--out", input], env);
    cliOk(["ingest", "--gi", join(input, "gi.csv"), "--th", join(input, "th.csv")], env);
    cliOk(["run", "--full-refresh", "--quiet"], env);
    const pointer = join(env.STOREMATCH_DATA_DIR, "versions", "promoted.json");
    const promoted = readFileSync(pointer, "utf8");

    // Fill the disk, leaving 3 MB: dbt runs out of space part way through the build.
    const filler = join(mountPoint, "filler");
    spawnSync("dd", ["if=/dev/zero", `of=${filler}`, "bs=1M"]);
    truncateSync(filler, statSync(filler).size - 3 * 1024 * 1024);
    // It used to hang for good: cli() kills the command after 10 minutes, and a killed command has
    // no exit code, so a hang fails the next line (no timed assertion).
    const r = cli(["run", "--full-refresh", "--quiet"], env);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(new RegExp(`^storematch: run \\S+ failed: the disk is full \\(no space left on device under ${env.STOREMATCH_DATA_DIR}\\): free some space, then run again; the promoted version is unchanged$`));

    rmSync(filler);
    const [failed] = cliJson<RunDto[]>(["runs", "list"], env);
    expect(failed).toMatchObject({ status: "FAILED" });
    expect(failed!.summary).toContain("the disk is full");
    expect(readFileSync(pointer, "utf8")).toBe(promoted);
    expect(cli(["export", "matches", "--out", join(input, "m.csv")], env).code).toBe(0);
    // The lease is free: the next run takes it and succeeds; the ballast is back.
    cliOk(["run", "--full-refresh", "--quiet"], env);
    expect(cliJson<RunDto[]>(["runs", "list"], env)[0]).toMatchObject({ status: "SUCCEEDED" });
    expect(existsSync(join(env.STOREMATCH_DATA_DIR, ".space-reserve"))).toBe(true);
  }, 600_000);
});
