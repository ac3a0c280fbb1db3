import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { closeControl } from "../../lib/control/db";
import { explainPair } from "../../lib/versions/model";
import { readManifest, resolveVersion } from "../../lib/versions/registry";
import { versionRules } from "../../lib/versions/rules";
import { withVersion } from "../../lib/versions/read";
import { cliOk, copyDbtProject, tempDir, workspaceConfig } from "../helpers";

/** Set a var of the copied project's dbt_project.yml. */
function setVar(dbtDir: string, key: string, value: string): void {
  const file = join(dbtDir, "dbt_project.yml");
  const text = readFileSync(file, "utf8");
  const next = text.replace(new RegExp(`^(\\s+${key}:\\s*)[0-9.]+`, "m"), `$1${value}`);
  expect(next).not.toBe(text);
  writeFileSync(file, next);
}

describe("a version carries the match rules it was built with", () => {
  const dir = tempDir();
  const dbtDir = copyDbtProject(dir);
  const env = { STOREMATCH_DATA_DIR: join(dir, "data"), STOREMATCH_DBT_DIR: dbtDir };
  const config = workspaceConfig(env.STOREMATCH_DATA_DIR, dbtDir);

  beforeAll(() => {
    setVar(dbtDir, "match_probability", "0.65");
    setVar(dbtDir, "em_iterations", "30");
    cliOk(["generate", "--stores", "600", "--seed", "5", "--out", join(dir, "in")], env);
    cliOk(["ingest", "--gi", join(dir, "in", "gi.csv"), "--th", join(dir, "in", "th.csv")], env);
    cliOk(["run"], env);
  }, 600_000);

  it("writes the rules into the manifest at publish time", async () => {
    const m = readManifest(await resolveVersion(config, "v1"));
    expect(m.rules).toMatchObject({ matchProbability: 0.65, reviewLower: 0.2, reviewUpper: 0.9 });
    expect(m.rules!.model).toMatchObject({ em_iterations: 30, min_labels: 50, reuse_parameters: false, run_mode: "full" });
  });

  it("explains the version with its own rules after the project setting changes", async () => {
    const pair = await withVersion(config, "v1", async (r) => (await r.matchedPairs())[0]!);
    setVar(dbtDir, "match_probability", "0.95");
    expect(await versionRules(config, "v1")).toEqual({ matchProbability: 0.65, reviewLower: 0.2, reviewUpper: 0.9, from: "manifest" });
    const e = await explainPair(config, pair.giId, pair.thId, "v1");
    expect(e.rules.matchProbability).toBe(0.65);
    expect(e.passes).toBe(e.matchProbability >= 0.65);
    closeControl();
  });
});
