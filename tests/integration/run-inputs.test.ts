import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { warehouse } from "../../lib/warehouse";
import { tempDir, warehouseQuery, workspaceConfig } from "../helpers";

describe("run inputs in the warehouse (the control source dbt reads)", () => {
  const dataDir = join(tempDir(), "data");
  mkdirSync(dataDir, { recursive: true });
  const config = workspaceConfig(dataDir);
  const scope = (runId: string) => warehouseQuery<{ trigger_id: number; source: string; store_id: string; reason: string; priority: number; status: string }>(
    dataDir, `select trigger_id, source, store_id, reason, priority, status from control.reprocess_triggers where run_id = '${runId}' order by trigger_id`);
  const decisions = () => warehouseQuery<{ gi_id: string; th_id: string; decision: string }>(dataDir, "select * from control.pair_decisions order by gi_id");

  it("writes a run's scope and every decision into control.reprocess_triggers and control.pair_decisions, replacing the previous ones", async () => {
    const w = warehouse(config);
    await w.writeRunInputs({
      runId: "r1",
      triggers: [{ id: 1, source: "gi", storeId: "G'1", reason: "LEGAL_FORM_NOISE", priority: 82.5 }, { id: 2, source: "th", storeId: "T2", reason: "ABBREVIATION", priority: 71 }],
      decisions: [{ giId: "G1", thId: "T1", decision: "MATCH" }, { giId: "G2", thId: "T9", decision: "NO_MATCH" }],
    });
    expect(await scope("r1")).toEqual([
      { trigger_id: 1, source: "gi", store_id: "G'1", reason: "LEGAL_FORM_NOISE", priority: 82.5, status: "APPROVED" },
      { trigger_id: 2, source: "th", store_id: "T2", reason: "ABBREVIATION", priority: 71, status: "APPROVED" },
    ]);
    expect(await decisions()).toEqual([{ gi_id: "G1", th_id: "T1", decision: "MATCH" }, { gi_id: "G2", th_id: "T9", decision: "NO_MATCH" }]);

    // A full run (no scope) keeps the earlier run's rows and replaces the decisions.
    await w.writeRunInputs({ runId: "r2", triggers: [], decisions: [{ giId: "G3", thId: "T3", decision: "MATCH" }] });
    expect(await scope("r2")).toEqual([]);
    expect((await scope("r1")).map((t) => t.trigger_id)).toEqual([1, 2]);
    expect(await decisions()).toEqual([{ gi_id: "G3", th_id: "T3", decision: "MATCH" }]);

    // The same run written again (a retried start) holds only its new scope.
    await w.writeRunInputs({ runId: "r1", triggers: [{ id: 3, source: "gi", storeId: "G3", reason: "OTHER", priority: 75 }], decisions: [] });
    expect((await scope("r1")).map((t) => t.trigger_id)).toEqual([3]);
    expect(await decisions()).toEqual([]);
  });
});
