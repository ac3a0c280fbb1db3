import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { pageAudit } from "../../lib/control/audit";
import { closeControl, control } from "../../lib/control/db";
import { decisionsForPairs, listDecisions, removeDecision, setDecision, setDecisions } from "../../lib/control/decisions";
import { getSettings, setSetting } from "../../lib/control/settings";
import { createTrigger, decideTriggers, listTriggers } from "../../lib/control/triggers";
import { tempDir, workspaceConfig } from "../helpers";

describe("control plane", () => {
  const config = workspaceConfig(join(tempDir(), "data"));
  const db = control(config);
  afterAll(() => closeControl());

  it("a store has at most one open trigger, and every change is audited", async () => {
    const t = await createTrigger(db, { source: "gi", storeId: "G1", reason: "LEGAL_FORM_NOISE", priority: 88, origin: "SCAN" }, "scanner");
    expect(t).toMatchObject({ status: "PENDING", createdBy: "scanner" });
    expect(await createTrigger(db, { source: "gi", storeId: "G1", reason: "x", priority: 90, origin: "MANUAL" }, "someone")).toBeNull();
    await decideTriggers(db, "APPROVED", { ids: [t!.id] }, "steward@x");
    expect(await createTrigger(db, { source: "gi", storeId: "G1", reason: "x", priority: 90, origin: "MANUAL" }, "someone")).toBeNull(); // APPROVED is open too
    const events = await db.auditEvent.findMany({ where: { entity: "Trigger", entityId: String(t!.id) }, orderBy: { id: "asc" } });
    expect(events.map((e) => [e.action, e.actor])).toEqual([["triggers.create", "scanner"], ["triggers.approve", "steward@x"]]);
    expect(events[1]!.before).toEqual({ status: "PENDING" });
    expect(events[1]!.after).toEqual({ status: "APPROVED" });
  });

  it("decides only PENDING triggers, all or nothing, and names the ones refused", async () => {
    const a = (await createTrigger(db, { source: "th", storeId: "T1", reason: "r", priority: 75, origin: "SCAN" }, "s"))!;
    const b = (await createTrigger(db, { source: "th", storeId: "T2", reason: "r", priority: 95, origin: "SCAN" }, "s"))!;
    await decideTriggers(db, "REJECTED", { ids: [b.id] }, "steward");
    await expect(decideTriggers(db, "APPROVED", { ids: [a.id, b.id] }, "steward")).rejects.toThrow(`only PENDING triggers can be decided: #${b.id} is REJECTED`);
    expect((await listTriggers(db, { status: "PENDING" })).map((t) => t.id)).toContain(a.id); // nothing half-done
    await expect(decideTriggers(db, "APPROVED", { ids: [999999] }, "steward")).rejects.toThrow("no trigger with id 999999");
    await expect(decideTriggers(db, "APPROVED", {}, "steward")).rejects.toThrow("say which triggers");
    await expect(listTriggers(db, { status: "DONE" })).rejects.toThrow(/^status must be one of PENDING, APPROVED, REJECTED, CONSUMED, got "DONE"$/);
    const c = (await createTrigger(db, { source: "th", storeId: "T3", reason: "r", priority: 60, origin: "SCAN" }, "s"))!;
    const approved = await decideTriggers(db, "APPROVED", { allPending: true, minScore: 70 }, "steward");
    expect(approved.map((t) => t.id)).toEqual([a.id]);
    expect((await listTriggers(db, { status: "PENDING" })).map((t) => t.id)).toEqual([c.id]);
  });

  it("approves every PENDING trigger that fits the queue's filters (source, reason, score), and only those", async () => {
    const mk = (source: "gi" | "th", storeId: string, reason: string, priority: number) => createTrigger(db, { source, storeId, reason, priority, origin: "SCAN" }, "s");
    const hit = (await mk("gi", "F1", "ABBREVIATION", 80))!;
    const otherReason = (await mk("gi", "F2", "TOO_FAR", 80))!;
    const otherSource = (await mk("th", "F3", "ABBREVIATION", 80))!;
    const lowScore = (await mk("gi", "F4", "ABBREVIATION", 50))!;
    await expect(decideTriggers(db, "APPROVED", { allPending: true, source: "gi", reason: "ABBREVIATION", minScore: 70, expected: 2 }, "steward@filters"))
      .rejects.toThrow("1 pending triggers fit these filters now, not 2: reload the page and confirm again");
    expect((await listTriggers(db, { status: "PENDING" })).map((t) => t.id)).toContain(hit.id); // nothing decided
    const done = await decideTriggers(db, "APPROVED", { allPending: true, source: "gi", reason: "ABBREVIATION", minScore: 70, expected: 1 }, "steward@filters");
    expect(done.map((t) => t.id)).toEqual([hit.id]);
    const pending = (await listTriggers(db, { status: "PENDING" })).map((t) => t.id);
    expect(pending).toEqual(expect.arrayContaining([otherReason.id, otherSource.id, lowScore.id]));
  });

  it("pages the audit log newest first, filtered by who, action prefix, entity and time", async () => {
    const all = await pageAudit(db, {}, 1, 1000);
    expect(all.total).toBe(all.rows.length);
    expect(all.rows.map((r) => r.id)).toEqual([...all.rows.map((r) => r.id)].sort((a, b) => b - a));
    const approvals = await pageAudit(db, { action: "triggers.app" }, 1, 1000);
    expect(approvals.total).toBeGreaterThan(0);
    expect(approvals.rows.every((r) => r.action === "triggers.approve")).toBe(true);
    const byActor = await pageAudit(db, { actor: "filters" }, 1, 1000);
    expect(byActor.rows.map((r) => [r.actor, r.action])).toEqual([["steward@filters", "triggers.approve"]]);
    const page2 = await pageAudit(db, {}, 2, 2);
    expect(page2.rows.map((r) => r.id)).toEqual(all.rows.slice(2, 4).map((r) => r.id));
    expect((await pageAudit(db, { entity: "Trigger", entityId: "999999" }, 1, 10)).total).toBe(0);
    expect((await pageAudit(db, { from: new Date(Date.now() + 86_400_000) }, 1, 10)).total).toBe(0);
  });

  it("pair decisions: one forced partner per store, replaceable, removable, audited", async () => {
    await setDecision(db, { giId: "G9", thId: "T9", decision: "MATCH" }, "steward");
    await expect(setDecision(db, { giId: "G9", thId: "T8", decision: "MATCH" }, "steward")).rejects.toThrow("GI G9 and TH T9 are already forced to match");
    await setDecision(db, { giId: "G9", thId: "T9", decision: "NO_MATCH", note: "different shops" }, "steward");
    expect((await listDecisions(db)).map((d) => [d.giId, d.thId, d.decision])).toEqual([["G9", "T9", "NO_MATCH"]]);
    await removeDecision(db, "G9", "T9", "admin");
    expect(await listDecisions(db)).toEqual([]);
    const actions = (await db.auditEvent.findMany({ where: { entity: "PairDecision" }, orderBy: { id: "asc" } })).map((e) => e.action);
    expect(actions).toEqual(["decisions.set", "decisions.set", "decisions.remove"]);
  });

  it("bulk pair decisions: all or nothing, a store in two accepted pairs refused, one audit event per pair", async () => {
    await expect(setDecisions(db, [{ giId: "B1", thId: "U1" }, { giId: "B1", thId: "U2" }], "MATCH", "steward")).rejects.toThrow("GI B1 is in two of these pairs");
    await expect(setDecisions(db, [{ giId: "B1", thId: "U1" }, { giId: "B2", thId: "U1" }], "MATCH", "steward")).rejects.toThrow("TH U1 is in two of these pairs");
    // A clash with an earlier forced match, on the second pair, leaves the first undecided too.
    await setDecision(db, { giId: "B9", thId: "U9", decision: "MATCH" }, "steward");
    await expect(setDecisions(db, [{ giId: "B3", thId: "U3" }, { giId: "B9", thId: "U4" }], "MATCH", "steward")).rejects.toThrow("GI B9 and TH U9 are already forced to match");
    expect((await decisionsForPairs(db, [{ giId: "B3", thId: "U3" }])).size).toBe(0);
    // Rejecting two pairs that share a store is fine (never-match is not exclusive).
    expect(await setDecisions(db, [{ giId: "B1", thId: "U1" }, { giId: "B1", thId: "U2" }], "NO_MATCH", "steward@bulk", { note: "review of v1", onlyUndecided: true })).toBe(2);
    // A set listed as undecided, one of whose pairs was decided since: nothing is decided.
    await expect(setDecisions(db, [{ giId: "B5", thId: "U5" }, { giId: "B1", thId: "U1" }], "MATCH", "steward@late", { onlyUndecided: true })).rejects.toThrow("GI B1 and TH U1 were decided meanwhile (NO_MATCH by steward@bulk)");
    expect((await decisionsForPairs(db, [{ giId: "B5", thId: "U5" }])).size).toBe(0);
    const got = await decisionsForPairs(db, [{ giId: "B1", thId: "U1" }, { giId: "B1", thId: "U2" }, { giId: "B9", thId: "U9" }, { giId: "B0", thId: "U0" }]);
    expect([...got.values()].map((d) => [d.giId, d.thId, d.decision, d.note])).toEqual([["B1", "U1", "NO_MATCH", "review of v1"], ["B1", "U2", "NO_MATCH", "review of v1"], ["B9", "U9", "MATCH", null]]);
    expect(await db.auditEvent.count({ where: { actor: "steward@bulk", action: "decisions.set" } })).toBe(2);
    for (const [g, t] of [["B1", "U1"], ["B1", "U2"], ["B9", "U9"]] as const) await removeDecision(db, g, t, "admin");
  });

  it("settings have defaults, are validated and audited", async () => {
    expect(await getSettings(db)).toEqual({
      scan_min_potential: 70, auto_approve: false, auto_approve_min_potential: 90, full_refresh_bound: 0.05, full_refresh_needed: false,
      auto_promote: false, auto_promote_max_drop: 0.5, retention_candidates: 5, retention_days: 7, model_frozen: false,
    });
    await setSetting(db, "full_refresh_bound", 0.1, "admin");
    expect((await getSettings(db)).full_refresh_bound).toBe(0.1);
    await expect(setSetting(db, "full_refresh_bound", 3 as never, "admin")).rejects.toThrow(/setting full_refresh_bound: /);
    const ev = await db.auditEvent.findFirst({ where: { entity: "Setting", entityId: "full_refresh_bound" } });
    expect([ev!.before, ev!.after]).toEqual([null, 0.1]);
  });
});
