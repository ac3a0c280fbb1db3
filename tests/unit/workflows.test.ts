import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

// The GitHub Actions workflows: each one validated against the workflow schema by
// @action-validator/cli (offline, WebAssembly), then what storematch relies on in each.
const DIR = join(process.cwd(), ".github", "workflows");
const files = readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f)).sort();
const CLI = join(process.cwd(), "node_modules", "@action-validator", "cli", "cli.mjs");
const validate = (file: string) => spawnSync(process.execPath, [CLI, file], { encoding: "utf8" });

type Step = { name?: string; run?: string; uses?: string; with?: Record<string, unknown>; if?: string };
type Job = { steps: Step[]; needs?: string | string[]; if?: string; environment?: string; strategy?: { matrix: Record<string, unknown> } };
type Workflow = { on: Record<string, any>; jobs: Record<string, Job>; "run-name"?: string };
const load = (name: string) => parse(readFileSync(join(DIR, name), "utf8")) as Workflow;
const runs = (job: Job) => job.steps.map((s) => s.run ?? "").join("\n");
const needs = (job: Job) => [job.needs ?? []].flat();

describe("GitHub Actions workflows", () => {
  it("are the four storematch needs", () => {
    expect(files).toEqual(["ci.yml", "deploy.yml", "storematch-run.yml", "terraform.yml"]);
  });

  for (const f of files) {
    it(`${f} is a valid workflow (action-validator)`, () => {
      const r = validate(join(DIR, f));
      // The WebAssembly build cannot check path globs against the repository and says so in a
      // warning; anything else it prints is an error.
      const out = (r.stdout + r.stderr).split("\n").filter((l) => l.trim() && !l.startsWith("WARNING: Glob validation is not yet supported"));
      expect(out).toEqual([]);
      expect(r.status).toBe(0);
    });
  }

  it("the validator rejects a broken workflow (so a pass above means something)", () => {
    const dir = mkdtempSync(join(tmpdir(), "workflows-"));
    const broken = readFileSync(join(DIR, "storematch-run.yml"), "utf8").replace("    steps:\n", "    stepz:\n");
    writeFileSync(join(dir, "broken.yml"), broken);
    const r = validate(join(dir, "broken.yml"));
    expect(r.status).toBe(1);
    expect(r.stdout + r.stderr).toContain("Additional property 'stepz' is not allowed");
  });

  it("never expands an expression inside a shell script (inputs and event data go through env)", () => {
    for (const f of files) {
      for (const [id, job] of Object.entries(load(f).jobs)) {
        for (const s of job.steps) expect(s.run ?? "", `${f} ${id} ${s.name ?? s.run}`).not.toContain("${{");
      }
    }
  });

  it("ci: pull requests run npm test and the F1 quality gate against main", () => {
    const wf = load("ci.yml");
    expect(Object.keys(wf.on)).toEqual(["pull_request"]);
    expect(runs(wf.jobs.test!)).toMatch(/^npm test$/m);
    const quality = wf.jobs.quality!;
    expect(quality.strategy!.matrix.side).toEqual(["base", "head"]);
    expect(quality.steps.find((s) => s.if === "matrix.side == 'base'")?.with?.ref).toBe("${{ github.event.pull_request.base.sha }}");
    expect(runs(quality)).toContain("scripts/quality-measure.sh");
    const gate = wf.jobs["quality-gate"]!;
    expect(needs(gate)).toEqual(["quality"]);
    expect(runs(gate)).toContain("node scripts/quality-gate.mjs --base quality-base.json --head quality-head.json");
  });

  it("deploy: a merge to main runs a targeted run, then the gate, then a promotion behind a protected environment", () => {
    const wf = load("deploy.yml");
    expect(wf.on.push.branches).toEqual(["main"]);
    expect(runs(wf.jobs["targeted-run"]!)).toContain("node bin/storematch.mjs run --targeted");
    expect(needs(wf.jobs.gate!)).toEqual(["targeted-run"]);
    expect(runs(wf.jobs.gate!)).toContain("quality-gate.mjs --base quality-base.json --head quality-head.json");
    const promote = wf.jobs.promote!;
    expect(needs(promote).sort()).toEqual(["gate", "targeted-run"]);
    expect(promote.environment).toBe("production-promote");
    expect(runs(promote)).toContain('node bin/storematch.mjs versions promote "$VERSION"');
  });

  it("terraform: plan on pull requests, apply only on main behind a protected environment", () => {
    const wf = load("terraform.yml");
    expect(Object.keys(wf.on).sort()).toEqual(["pull_request", "push"]);
    expect(wf.on.push.branches).toEqual(["main"]);
    expect(wf.jobs.plan!.if).toBe("github.event_name == 'pull_request'");
    expect(runs(wf.jobs.plan!)).toMatch(/terraform plan/);
    expect(runs(wf.jobs.plan!)).not.toMatch(/terraform apply/);
    expect(wf.jobs.apply!.if).toBe("github.event_name == 'push' && github.ref == 'refs/heads/main'");
    expect(wf.jobs.apply!.environment).toBe("snowflake-infra");
    expect(runs(wf.jobs.apply!)).toMatch(/terraform apply .*tfplan/);
  });

  it("storematch-run: the GitHubActionsLauncher's workflow_dispatch takes kind and storematch_run_id (and an optional scope), the run kinds of the Airflow DAG", () => {
    const wf = load("storematch-run.yml");
    expect(Object.keys(wf.on)).toEqual(["workflow_dispatch"]);
    const inputs = wf.on.workflow_dispatch.inputs;
    expect(Object.keys(inputs).sort()).toEqual(["kind", "scope", "storematch_run_id"]);
    expect(inputs.storematch_run_id.required).toBe(true);
    expect(inputs.kind.required).toBe(true);
    expect(inputs.scope.required).toBe(false);
    // The same run kinds as infra/airflow's storematch_run DAG.
    const common = readFileSync(join(process.cwd(), "infra", "airflow", "dags", "storematch_common.py"), "utf8");
    const kinds = /RUN_KINDS = \(([^)]*)\)/.exec(common)![1]!.match(/"(\w+)"/g)!.map((k) => k.slice(1, -1));
    expect(inputs.kind.options).toEqual(kinds);
    // The launcher finds its workflow run by name.
    expect(wf["run-name"]).toContain("${{ inputs.storematch_run_id }}");
    const build = runs(wf.jobs["dbt-build"]!);
    expect(build).toContain("--full-refresh");
    expect(build).toContain("STOREMATCH_DBT_RUN_MODE=targeted");
  });

  it("every secret a workflow reads is listed in infra/README.md's deployment steps", () => {
    const readme = readFileSync(join(process.cwd(), "infra", "README.md"), "utf8");
    const secrets = new Set(files.flatMap((f) => [...readFileSync(join(DIR, f), "utf8").matchAll(/secrets\.([A-Z0-9_]+)/g)].map((m) => m[1]!)));
    expect(secrets.size).toBeGreaterThan(5);
    const missing = [...secrets].filter((s) => !readme.includes(`\`${s}\``));
    expect(missing).toEqual([]);
  });

  it("the GitHub API stand-in of the launcher tests (tests/fakes/github-server.ts) checks exactly this workflow's inputs", () => {
    const fake = readFileSync(join(process.cwd(), "tests", "fakes", "github-server.ts"), "utf8");
    const declared = /const INPUTS = \[([^\]]*)\]/.exec(fake);
    expect(declared, "tests/fakes/github-server.ts no longer declares `const INPUTS = [...]`: keep this check in step").not.toBeNull();
    const fakeInputs = declared![1]!.match(/"(\w+)"/g)!.map((k) => k.slice(1, -1));
    expect(fakeInputs.sort()).toEqual(Object.keys(load("storematch-run.yml").on.workflow_dispatch.inputs).sort());
  });
});

