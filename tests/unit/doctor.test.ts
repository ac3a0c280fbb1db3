import { describe, expect, it } from "vitest";
import { checkNode } from "../../lib/doctor/basics";
import { dbtDebugProblem } from "../../lib/doctor/dbt-profile";
import { formatReport, type DoctorReport } from "../../lib/doctor";
import { workspaceConfig, tempDir } from "../helpers";

const report: DoctorReport = {
  ok: false,
  checks: [
    { name: "node", status: "ok", message: "Node 20.20.2" },
    { name: "warehouse", status: "fail", message: "SNOWFLAKE_ACCOUNT is not set", remedy: "set SNOWFLAKE_ACCOUNT" },
    { name: "control plane", status: "info", message: "not created yet", remedy: "run a command" },
  ],
};

describe("doctor's report", () => {
  it("on a terminal: ✓ / ✗ / –, names aligned, the remedy after →, colours, a summary", () => {
    const lines = formatReport(report, true).map((l) => l.replace(/\x1b\[\d+m/g, ""));
    expect(lines).toEqual([
      "✓ node           Node 20.20.2",
      "✗ warehouse      SNOWFLAKE_ACCOUNT is not set → set SNOWFLAKE_ACCOUNT",
      "– control plane  not created yet → run a command",
      "1 of 3 checks failed",
    ]);
    expect(formatReport(report, true)[1]).toContain("\x1b[31m✗\x1b[0m");
  });

  it("not on a terminal: plain ASCII markers and no colour", () => {
    expect(formatReport(report, false)).toEqual([
      "[ok]   node           Node 20.20.2",
      "[FAIL] warehouse      SNOWFLAKE_ACCOUNT is not set -- fix: set SNOWFLAKE_ACCOUNT",
      "[--]   control plane  not created yet -- next: run a command",
      "1 of 3 checks failed",
    ]);
  });
});

describe("doctor's pieces", () => {
  it("the Node check refuses a version below package.json's engines", () => {
    const c = workspaceConfig(tempDir());
    expect(checkNode(c, "20.20.2").status).toBe("ok");
    expect(checkNode(c, "18.19.0")).toEqual({ name: "node", status: "fail", message: "Node 18.19.0 is too old (needs >=20.9.0)", remedy: "install Node 20.9.0 or newer" });
  });

  it("dbt debug's failure comes out as one line: the [ERROR …] items and the reason", () => {
    const out = [
      "18:43:38  Configuration:",
      "18:43:38    profiles.yml file [ERROR invalid]",
      "18:43:38    dbt_project.yml file [OK found and valid]",
      "18:43:38  1 check failed:",
      "18:43:38  Profile loading failed for the following reason:",
      "Runtime Error",
      "  The profile 'storematch' does not have a target named 'fake'. The valid target names for this profile are:",
      "   - duckdb",
    ].join("\n");
    expect(dbtDebugProblem(out)).toBe("profiles.yml file [ERROR invalid] The profile 'storematch' does not have a target named 'fake'. The valid target names for this profile are: - duckdb");
  });
});
