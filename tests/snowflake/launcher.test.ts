// Stand-in for Snowflake: a stubbed session plays the query statuses, because fakesnow cannot run EXECUTE DBT PROJECT; the statements are checked with sqlglot (syntax only) and, where sqlglot keeps EXECUTE DBT PROJECT as an unparsed command, against Snowflake's documented form.
import { describe, expect, it } from "vitest";
import { buildState, dbtArgs, executeSql, SnowflakeDbtLauncher, type SnowflakeStatements } from "../../lib/runner/launchers/snowflake/launcher";
import { sqlglotCheck } from "../support/snowflake-proxy";

const QID = "01b2c3d4-0000-1111-2222-333344445555";

/** A session that answers the given statuses in turn (the last one repeats) and records every statement. */
function stub(statuses: string[], result: Record<string, unknown>[] = []) {
  const sql: string[] = [];
  let i = 0;
  const c: SnowflakeStatements = {
    submit: async (s) => { sql.push(s); return QID; },
    queryStatus: async () => statuses[Math.min(i++, statuses.length - 1)]!,
    query: async <R>(s: string, binds?: unknown[]) => { sql.push(binds?.length ? `${s} -- ${JSON.stringify(binds)}` : s); return (s.includes("result_scan") ? result : [{ answer: "ok" }]) as R[]; },
  };
  return { c, sql, cancelAt: (n: number) => statuses.splice(n) };
}

const launcher = (c: SnowflakeStatements) => new SnowflakeDbtLauncher({ project: "STOREMATCH.DBT.STOREMATCH", target: "prod", pollMs: 10 }, async () => c);
const targeted = { runId: "run-7", kind: "TARGETED" as const, scope: [] };

describe("SnowflakeDbtLauncher (EXECUTE DBT PROJECT)", () => {
  it("submits the targeted and full-refresh builds with dbt's ARGS", () => {
    expect(executeSql("STOREMATCH.DBT.STOREMATCH", dbtArgs(targeted, "prod"))).toBe(
      `execute dbt project STOREMATCH.DBT.STOREMATCH args = 'build --target prod --vars \\'{"run_mode":"targeted","run_id":"run-7"}\\' --exclude test_type:data,tag:staging test_type:data,tag:profiles source:*'`);
    expect(dbtArgs({ runId: "run-8", kind: "FULL_REFRESH", scope: [] }, "prod")).toBe(`build --target prod --vars '{"run_mode":"full","run_id":"run-8"}' --full-refresh`);
    expect(() => executeSql("STOREMATCH.DBT; drop table x", "build")).toThrow(/is not a dbt project object name/);
  });

  it("the statements parse as Snowflake SQL; EXECUTE DBT PROJECT, which sqlglot cannot parse, has Snowflake's documented form", () => {
    const sql = executeSql("STOREMATCH.DBT.STOREMATCH", dbtArgs(targeted, "prod"));
    expect(sqlglotCheck(sql)).toBe("unchecked");
    // EXECUTE DBT PROJECT [ IF EXISTS ] <name> [ ARGS = '<dbt command and options>' ], the string with its quotes escaped.
    expect(sql).toMatch(/^execute dbt project [A-Za-z_][\w$]*(\.[A-Za-z_][\w$]*){0,2} args = '(?:[^'\\]|\\.)*'$/);
    expect(sqlglotCheck(`select * from table(result_scan('${QID}'))`)).toBe("ok");
    expect(sqlglotCheck(`select system$cancel_query('${QID}') as answer`)).toBe("ok");
  });

  it("maps Snowflake's query statuses onto the run lifecycle", () => {
    expect(["QUEUED", "RESUMING_WAREHOUSE", "RUNNING", "SUCCESS", "FAILED_WITH_ERROR", "ABORTED", "ABORTING", "BLOCKED", "DISCONNECTED"].map(buildState))
      .toEqual(["QUEUED", "RUNNING", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED", "RUNNING", "QUEUED", "FAILED"]);
    expect(() => buildState("SOMETHING_NEW")).toThrow('unknown query status "SOMETHING_NEW"');
  });

  it("a build that passes: queued, running, succeeded, with dbt's output as the log", async () => {
    const s = stub(["QUEUED", "RUNNING", "RUNNING", "SUCCESS"], [{ success: true, exception: null, stdout: "Running with dbt=1.9.4\nDone. PASS=42 WARN=0 ERROR=0" }]);
    const lines: string[] = [];
    const states: string[] = [];
    const b = await launcher(s.c).start(targeted, { onLine: (l) => lines.push(l), onProgress: (p) => states.push(p.state) });
    expect(b.externalId).toBe(QID);
    const out = await b.done;
    expect(out.state).toBe("SUCCEEDED");
    expect(out.summary).toBe("dbt build passed in Snowflake");
    expect([...new Set(states)]).toEqual(["QUEUED", "RUNNING", "SUCCEEDED"]);
    expect(lines).toContain("Done. PASS=42 WARN=0 ERROR=0");
    expect(s.sql[0]).toMatch(/^execute dbt project STOREMATCH\.DBT\.STOREMATCH args = 'build --target prod/);
  });

  it("dbt failing inside a statement that succeeded is a FAILED build with dbt's exception", async () => {
    const s = stub(["RUNNING", "SUCCESS"], [{ success: false, exception: "Database Error in model fct_store_matches", stdout: "ERROR=1" }]);
    const out = await (await launcher(s.c).start(targeted)).done;
    expect(out.state).toBe("FAILED");
    expect(out.summary).toBe("dbt failed in Snowflake: Database Error in model fct_store_matches");
  });

  it("a statement that fails is a FAILED build", async () => {
    const out = await (await launcher(stub(["RUNNING", "FAILED_WITH_ERROR"]).c).start(targeted)).done;
    expect(out.state).toBe("FAILED");
    expect(out.summary).toMatch(/query .* failed in Snowflake/);
  });

  it("cancel asks Snowflake to cancel the query; the aborted build is CANCELLED", async () => {
    const s = stub(["RUNNING", "RUNNING", "RUNNING", "RUNNING", "RUNNING", "RUNNING", "RUNNING", "RUNNING", "RUNNING", "RUNNING", "RUNNING", "RUNNING", "ABORTED"]);
    const l = launcher(s.c);
    const b = await l.start(targeted);
    await l.cancel(b.externalId);
    const out = await b.done;
    expect(out.state).toBe("CANCELLED");
    expect(s.sql).toContain(`select system$cancel_query(?) as answer -- ["${QID}"]`);
  });
});
