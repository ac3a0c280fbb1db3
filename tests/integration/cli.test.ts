import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, tempDir } from "../helpers";

describe("storematch CLI", () => {
  const env = { STOREMATCH_DATA_DIR: join(tempDir(), "data") };

  it.each([
    [[]], [["generate"]], [["ingest"]], [["run"]], [["export"]], [["export", "matches"]], [["quality"]],
    [["runs", "list"]], [["runs", "show"]], [["runs", "cancel"]], [["status"]], [["scan"]],
    [["triggers", "list"]], [["triggers", "approve"]], [["triggers", "reject"]], [["triggers", "add"]],
    [["decisions", "set"]], [["versions", "list"]], [["versions", "promote"]], [["versions", "diff"]], [["versions", "publish"]], [["settings", "set"]],
  ])(
    "%j --help prints usage and exits 0",
    (cmd) => {
      const r = cli([...cmd, "--help"], env);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`Usage: storematch${cmd.length ? " " + cmd.join(" ") : ""}`);
    },
  );

  it("refuses bad arguments with a one-line reason", () => {
    const r = cli(["generate", "--stores", "abc", "--out", "x"], env);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("--stores must be a positive integer");
    const d = cli(["generate", "--stores", "5", "--out", join(tempDir(), "g"), "--drop-columns", "name"], env);
    expect(d.code).toBe(1);
    expect(d.stderr.trim()).toBe('storematch: --drop-columns: "name" is not an optional column (one of address, postcode, city, country, lat, lon, phone)');
    expect(cli(["frobnicate"], env).code).not.toBe(0);
  });

  it("says what to do first when there is no data yet", () => {
    const run = cli(["run"], env);
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe(`storematch: no raw data in ${env.STOREMATCH_DATA_DIR}: load the GI and TH store lists first (run \`storematch ingest --gi FILE --th FILE\`)`);
    const exp = cli(["export", "matches", "--out", join(tempDir(), "m.csv")], env);
    expect(exp.code).toBe(1);
    expect(exp.stderr.trim()).toBe("storematch: no published version yet: load the store lists and build the matches first (run `storematch ingest --gi FILE --th FILE`, then `storematch run`)");
  });

  it("generate writes deterministic files", () => {
    const a = tempDir();
    const b = tempDir();
    expect(cli(["generate", "--stores", "50", "--seed", "4", "--out", a], env).code).toBe(0);
    expect(cli(["generate", "--stores", "50", "--seed", "4", "--out", b], env).code).toBe(0);
    const read = (d: string, f: string) => readFileSync(join(d, f), "utf8");
    for (const f of ["gi.csv", "th.csv", "truth.csv"]) expect(read(a, f)).toBe(read(b, f));
    expect(read(a, "truth.csv").split("\n")[0]).toBe("gi_id,th_id");
  });
});
