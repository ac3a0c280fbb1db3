import { DuckDBInstance } from "@duckdb/node-api";
import type { RunInputs } from "../port";

/**
 * The control tables dbt reads as the `control` source (dbt/models/raw/_raw__sources.yml). dbt's
 * on-run-start creates the same ones when missing (dbt/macros/control/run_scope.sql), so that a
 * build started by hand finds them too.
 */
const CONTROL_DDL = `
  create schema if not exists control;
  create table if not exists control.reprocess_triggers (
    trigger_id integer, run_id varchar, source varchar, store_id varchar, reason varchar,
    priority double, status varchar, loaded_at timestamp, consumed_at timestamp);
  create table if not exists control.pair_decisions (gi_id varchar, th_id varchar, decision varchar);`;

/**
 * Write a run's scope and the pair decisions into the warehouse file, in one transaction:
 * dbt sees either the previous inputs or all of the new ones. Values are appended, never pasted
 * into SQL. The caller holds the warehouse lease (nothing else writes the file meanwhile).
 */
export async function writeRunInputs(warehouseFile: string, input: RunInputs): Promise<void> {
  const instance = await DuckDBInstance.create(warehouseFile, { threads: "2" });
  const c = await instance.connect();
  try {
    await c.run(CONTROL_DDL);
    await c.run(`create temp table new_scope (trigger_id integer, source varchar, store_id varchar, reason varchar, priority double)`);
    const scope = await c.createAppender("new_scope");
    for (const t of input.triggers) {
      scope.appendInteger(t.id); scope.appendVarchar(t.source); scope.appendVarchar(t.storeId); scope.appendVarchar(t.reason); scope.appendDouble(t.priority);
      scope.endRow();
    }
    scope.closeSync();
    await c.run(`create temp table new_decisions (gi_id varchar, th_id varchar, decision varchar)`);
    const dec = await c.createAppender("new_decisions");
    for (const d of input.decisions) {
      dec.appendVarchar(d.giId); dec.appendVarchar(d.thId); dec.appendVarchar(d.decision); dec.endRow();
    }
    dec.closeSync();
    await c.run("begin transaction");
    try {
      await c.run("delete from control.reprocess_triggers where run_id = $1", [input.runId]);
      await c.run(`insert into control.reprocess_triggers
        select trigger_id, $1, source, store_id, reason, priority, 'APPROVED', now()::timestamp, null from new_scope`, [input.runId]);
      await c.run("delete from control.pair_decisions");
      await c.run("insert into control.pair_decisions select gi_id, th_id, decision from new_decisions");
      await c.run("commit");
    } catch (e) {
      await c.run("rollback").catch(() => undefined);
      throw e;
    }
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}
