import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeControl, control } from "../../lib/control/db";
import { setSetting } from "../../lib/control/settings";
import { createTrigger } from "../../lib/control/triggers";
import { scan } from "../../lib/heal/scan";
import { tempDir, workspaceConfig } from "../helpers";
import { publishSyntheticVersion } from "../synthetic";

// 2,000 stores per side, 1,200 matched: 1,600 unmatched stores; store i has potential (i*37) % 100.
const STORES = 2000;
const MATCHED = 1200;
const expected = () => {
  const out: { source: string; storeId: string; p: number; reason: string }[] = [];
  for (let i = MATCHED; i < STORES; i++) {
    const p = (i * 37) % 100;
    if (p > 70) for (const s of ["gi", "th"]) out.push({ source: s, storeId: `${s.toUpperCase()}${String(i).padStart(9, "0")}`, p, reason: i % 2 === 0 ? "NAME_MISMATCH" : "ADDRESS_MISMATCH" });
  }
  return out;
};

describe("the scan is set-based: one statement, one transaction, one audit event; idempotent", () => {
  const config = workspaceConfig(join(tempDir(), "data"));
  const db = () => control(config);
  beforeAll(async () => {
    await publishSyntheticVersion(config, "v1", { stores: STORES, matched: MATCHED });
  });
  afterAll(() => closeControl());

  it("creates one trigger per unmatched store with potential, except those with an open one, and audits the scan once", async () => {
    const want = expected();
    // A store that already has an open trigger is skipped.
    const open = await createTrigger(db(), { source: want[0]!.source as "gi" | "th", storeId: want[0]!.storeId, reason: "manual", priority: 1, origin: "MANUAL" }, "steward");
    const auditBefore = await db().auditEvent.count();
    const r = await scan(config, "nightly");
    expect(r).toMatchObject({ version: "v1", created: want.length - 1, skipped: 1, storesWithPotential: want.length, totalStores: 2 * STORES });
    expect(r.createdByReason).toEqual({
      ADDRESS_MISMATCH: want.filter((w) => w.reason === "ADDRESS_MISMATCH").length - (want[0]!.reason === "ADDRESS_MISMATCH" ? 1 : 0),
      NAME_MISMATCH: want.filter((w) => w.reason === "NAME_MISMATCH").length - (want[0]!.reason === "NAME_MISMATCH" ? 1 : 0),
    });
    const rows = await db().trigger.findMany({ where: { origin: "SCAN" }, orderBy: { id: "asc" } });
    expect(rows).toHaveLength(want.length - 1);
    expect(r.batch).toMatchObject({ fromId: open!.id + 1, toId: open!.id + want.length - 1 });
    const byKey = new Map(want.map((w) => [`${w.source}|${w.storeId}`, w]));
    for (const t of rows) {
      const w = byKey.get(`${t.source}|${t.storeId}`)!;
      expect(t).toMatchObject({ priority: w.p, reason: w.reason, status: "PENDING", createdBy: "nightly", decidedBy: null });
      expect(t.createdAt.toISOString()).toBe(r.batch!.createdAt); // Prisma reads what SQL wrote
    }
    // One audit event for the whole scan (and the full-refresh flag it set), none per trigger.
    const events = await db().auditEvent.findMany({ where: { id: { gt: 0 } }, orderBy: { id: "asc" }, skip: auditBefore });
    expect(events.map((e) => e.action)).toEqual(["settings.set", "scan.run"]);
    expect(events[1]!.after).toMatchObject({ created: want.length - 1, skipped: 1, batch: r.batch });
  });

  it("a second scan creates nothing", async () => {
    const n = await db().trigger.count();
    const r = await scan(config, "nightly");
    expect(r).toMatchObject({ created: 0, skipped: expected().length, batch: null, createdByReason: {} });
    expect(await db().trigger.count()).toBe(n);
  });

  it("with auto_approve, stores above its bound skip the queue", async () => {
    await db().trigger.deleteMany();
    await setSetting(db(), "auto_approve", true, "admin");
    await setSetting(db(), "auto_approve_min_potential", 90, "admin");
    const r = await scan(config, "nightly");
    expect(r.created).toBe(expected().length);
    const approved = await db().trigger.findMany({ where: { status: "APPROVED" } });
    expect(approved.length).toBe(expected().filter((w) => w.p > 90).length);
    expect(approved.every((t) => t.priority > 90 && t.decidedBy === "nightly (auto-approve)" && t.decidedAt !== null)).toBe(true);
  });
});
