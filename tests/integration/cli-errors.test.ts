import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { oneLine } from "../../lib/cli/main";
import { closeControl } from "../../lib/control/db";
import { cli, ROOT, tempDir, workspaceConfig } from "../helpers";
import { publishSyntheticVersion } from "../synthetic";

// Each of these crashed (a TypeError, an empty message, V8 out of memory, a raw EISDIR).
describe("the CLI answers bad input with one line that says what was wrong", () => {
  const dir = tempDir();
  const env = { STOREMATCH_DATA_DIR: join(dir, "data") };
  afterAll(() => closeControl());

  it("settings set with a key inherited from Object.prototype", () => {
    const r = cli(["settings", "set", "constructor", "1"], env);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(/^storematch: unknown setting "constructor" \(one of scan_min_potential, /);
  });

  it("trigger ids beyond the control plane's integers", () => {
    const r = cli(["triggers", "approve", "--ids", "99999999999999999999"], env);
    expect(r.code).not.toBe(0);
    expect(r.stderr.split("\n")[0]).toMatch(/--ids must be trigger ids separated by commas, e\.g\. 3,7,12 \("99999999999999999999" is not one\)/);
  });

  it("generate with more stores than fit in memory", () => {
    const t = Date.now();
    const r = cli(["generate", "--stores", "99999999999", "--out", join(dir, "g")], env);
    expect(r.code).not.toBe(0);
    expect(r.stderr.split("\n")[0]).toContain("--stores must be at most 1200000");
    expect(Date.now() - t).toBeLessThan(20_000);
  });

  it("export to a folder, or into a folder that does not exist", async () => {
    await publishSyntheticVersion(workspaceConfig(env.STOREMATCH_DATA_DIR), "v1", { stores: 10, matched: 5 });
    const out = join(dir, "exports");
    mkdirSync(out);
    const r = cli(["export", "matches", "--out", out], env);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(`storematch: ${out} is a folder: give a file path, e.g. ${join(out, "matches.csv")}`);
    const missing = cli(["export", "matches", "--out", join(dir, "nope", "m.csv")], env);
    expect(missing.stderr.trim()).toBe(`storematch: the folder of ${join(dir, "nope", "m.csv")} does not exist: create it first`);
    expect(cli(["export", "matches", "--out", join(out, "m.csv")], env).code).toBe(0);
  });

  it("an error without a message still gets a line", () => {
    expect(oneLine(new Error(""))).toBe("Error with no message (set STOREMATCH_DEBUG=1 to see the details)");
    expect(oneLine(new Error("\n\n  Invalid value for id\n at …"))).toBe("Invalid value for id");
  });

  it("the README never runs the command through npx (which would ask the npm registry outside the repository)", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    expect(readme.match(/^\s*npx storematch/gm)).toBeNull();
    expect(readme).toContain("node bin/storematch.mjs generate");
  });
});
