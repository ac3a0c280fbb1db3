import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// scripts/quality-gate.mjs, as the CI workflow runs it, on fixed reports of `storematch quality --json`.
const fixture = (name: string) => join(process.cwd(), "tests", "fixtures", "quality-gate", `${name}.json`);
function gate(base: string, head: string, ...extra: string[]) {
  const r = spawnSync(process.execPath, ["scripts/quality-gate.mjs", "--base", base, "--head", head, ...extra], { encoding: "utf8" });
  return { code: r.status, out: r.stdout + r.stderr };
}

describe("the quality gate (scripts/quality-gate.mjs)", () => {
  it("passes a change that keeps F1, and one that raises it, and says by how much", () => {
    const same = gate(fixture("main"), fixture("same"));
    expect(same.code).toBe(0);
    expect(same.out).toContain("quality gate passed: F1 97.55% (main) → 97.55% (this change), +0.00 points");
    const better = gate(fixture("main"), fixture("better"));
    expect(better.code).toBe(0);
    expect(better.out).toContain("F1 97.55% (main) → 98.07% (this change), +0.52 points");
  });

  it("fails a change that lowers F1 below main's", () => {
    const worse = gate(fixture("main"), fixture("worse"));
    expect(worse.code).toBe(1);
    expect(worse.out).toContain("quality gate failed: F1 fell below main's: F1 97.55% (main) → 96.11% (this change), -1.44 points");
    // The same drop with the arguments the other way round is an improvement.
    expect(gate(fixture("worse"), fixture("main")).code).toBe(0);
  });

  it("allows a drop within an explicit tolerance only", () => {
    expect(gate(fixture("main"), fixture("worse"), "--tolerance", "0.02").code).toBe(0);
    const r = gate(fixture("main"), fixture("worse"), "--tolerance", "0.01");
    expect(r.code).toBe(1);
    expect(r.out).toContain("by more than 1.00 points");
  });

  it("refuses reports it cannot compare: different truth, not a quality report, a missing file", () => {
    const other = gate(fixture("main"), fixture("other-truth"));
    expect(other.code).toBe(2);
    expect(other.out).toContain("measured on different truth files (497 vs 4970 true pairs)");
    const dir = mkdtempSync(join(tmpdir(), "quality-gate-"));
    writeFileSync(join(dir, "runs.json"), JSON.stringify({ runs: [] }));
    const wrong = gate(fixture("main"), join(dir, "runs.json"));
    expect(wrong.code).toBe(2);
    expect(wrong.out).toContain('the head report has no numeric "f1"');
    const missing = gate(join(dir, "nope.json"), fixture("main"));
    expect(missing.code).toBe(2);
    expect(missing.out).toContain(`cannot read the base report ${join(dir, "nope.json")}`);
    expect(gate(fixture("main"), fixture("main"), "--tolerance", "-1").code).toBe(2);
    expect(spawnSync(process.execPath, ["scripts/quality-gate.mjs"], { encoding: "utf8" }).status).toBe(2);
  });
});
