import type { Trigger } from "@prisma/client";
import { audit } from "./audit";
import type { Db } from "./db";
import { AppError } from "./errors";
import { cleanText, MAX_ID_CHARS } from "../text";

export const TRIGGER_STATUSES = ["PENDING", "APPROVED", "REJECTED", "CONSUMED"] as const;
export type TriggerStatus = (typeof TRIGGER_STATUSES)[number];
/** A store has at most one open trigger. */
export const OPEN_STATUSES: TriggerStatus[] = ["PENDING", "APPROVED"];

export interface TriggerDto {
  id: number;
  source: string;
  storeId: string;
  reason: string;
  priority: number;
  status: string;
  origin: string;
  createdBy: string;
  decidedBy: string | null;
  decidedAt: string | null;
  runId: string | null;
  consumedAt: string | null;
  createdAt: string;
}

export const toDto = (t: Trigger): TriggerDto => ({
  id: t.id,
  source: t.source,
  storeId: t.storeId,
  reason: t.reason,
  priority: t.priority,
  status: t.status,
  origin: t.origin,
  createdBy: t.createdBy,
  decidedBy: t.decidedBy,
  decidedAt: t.decidedAt?.toISOString() ?? null,
  runId: t.runId,
  consumedAt: t.consumedAt?.toISOString() ?? null,
  createdAt: t.createdAt.toISOString(),
});

export interface TriggerFilter {
  status?: string;
  source?: string;
  reason?: string;
  minScore?: number;
}

function triggerWhere(filter: TriggerFilter) {
  if (filter.status && !TRIGGER_STATUSES.includes(filter.status as TriggerStatus))
    throw new AppError("INVALID", `status must be one of ${TRIGGER_STATUSES.join(", ")}, got "${filter.status}"`);
  return { status: filter.status as TriggerStatus | undefined, source: filter.source, reason: filter.reason, priority: filter.minScore === undefined ? undefined : { gte: filter.minScore } };
}

export async function listTriggers(db: Db, filter: TriggerFilter = {}): Promise<TriggerDto[]> {
  const rows = await db.trigger.findMany({ where: triggerWhere(filter), orderBy: [{ priority: "desc" }, { id: "asc" }] });
  return rows.map(toDto);
}

/** One page of the queue (highest score first) and the total under the filter. */
export async function pageTriggers(db: Db, filter: TriggerFilter, page: number, pageSize: number): Promise<{ total: number; rows: TriggerDto[] }> {
  const where = triggerWhere(filter);
  const [total, rows] = await Promise.all([
    db.trigger.count({ where }),
    db.trigger.findMany({ where, orderBy: [{ priority: "desc" }, { id: "asc" }], skip: (page - 1) * pageSize, take: pageSize }),
  ]);
  return { total, rows: rows.map(toDto) };
}

export async function countTriggersByStatus(db: Db): Promise<Record<string, number>> {
  const groups = await db.trigger.groupBy({ by: ["status"], _count: { _all: true } });
  const out: Record<string, number> = Object.fromEntries(TRIGGER_STATUSES.map((s) => [s, 0]));
  for (const g of groups) out[g.status] = g._count._all;
  return out;
}

export interface NewTrigger {
  source: "gi" | "th";
  storeId: string;
  reason: string;
  priority: number;
  origin: "SCAN" | "MANUAL";
  status?: "PENDING" | "APPROVED";
}

/** Create a trigger unless the store already has an open one; returns null when skipped. */
export async function createTrigger(db: Db, input: NewTrigger, actor: string): Promise<TriggerDto | null> {
  const t = { ...input, storeId: cleanText(input.storeId, "store id", { max: MAX_ID_CHARS }), reason: cleanText(input.reason, "reason") };
  return db.$transaction(async (tx) => {
    const open = await tx.trigger.findFirst({ where: { source: t.source, storeId: t.storeId, status: { in: OPEN_STATUSES } } });
    if (open) return null;
    const auto = t.status === "APPROVED";
    const row = await tx.trigger.create({
      data: {
        source: t.source, storeId: t.storeId, reason: t.reason, priority: t.priority, origin: t.origin,
        status: t.status ?? "PENDING", createdBy: actor,
        decidedBy: auto ? `${actor} (auto-approve)` : null, decidedAt: auto ? new Date() : null,
      },
    });
    await audit(tx, { actor, action: "triggers.create", entity: "Trigger", entityId: row.id, after: toDto(row) });
    return toDto(row);
  });
}

/** Approve or reject PENDING triggers, all or nothing. */
export async function decideTriggers(
  db: Db,
  decision: "APPROVED" | "REJECTED",
  select: { ids?: number[]; allPending?: boolean; minScore?: number; source?: "gi" | "th"; reason?: string; expected?: number },
  actor: string,
): Promise<TriggerDto[]> {
  if (!select.ids?.length && !select.allPending) throw new AppError("INVALID", "say which triggers: their ids, or every pending one");
  return db.$transaction(async (tx) => {
    let rows: Trigger[];
    if (select.ids?.length) {
      rows = [];
      // SQLite bounds the parameters of one statement: read in chunks.
      for (let i = 0; i < select.ids.length; i += 500) rows.push(...(await tx.trigger.findMany({ where: { id: { in: select.ids.slice(i, i + 500) } } })));
      const found = new Set(rows.map((r) => r.id));
      const missing = select.ids.filter((id) => !found.has(id));
      if (missing.length) throw new AppError("NOT_FOUND", `no trigger with id ${missing.join(", ")}`);
      const notPending = rows.filter((r) => r.status !== "PENDING");
      if (notPending.length)
        throw new AppError("CONFLICT", `only PENDING triggers can be decided: ${notPending.map((r) => `#${r.id} is ${r.status}`).join(", ")}`);
    } else {
      rows = await tx.trigger.findMany({
        where: { status: "PENDING", priority: select.minScore === undefined ? undefined : { gte: select.minScore }, source: select.source, reason: select.reason },
      });
      // The person confirmed a count: if the queue changed since, decide nothing.
      if (select.expected !== undefined && rows.length !== select.expected)
        throw new AppError("CONFLICT", `${rows.length} pending triggers fit these filters now, not ${select.expected}: reload the page and confirm again`);
    }
    const now = new Date();
    const out: TriggerDto[] = [];
    for (const r of rows) {
      const updated = await tx.trigger.update({ where: { id: r.id }, data: { status: decision, decidedBy: actor, decidedAt: now } });
      await audit(tx, { actor, action: decision === "APPROVED" ? "triggers.approve" : "triggers.reject", entity: "Trigger", entityId: r.id, before: { status: r.status }, after: { status: decision } });
      out.push(toDto(updated));
    }
    return out;
  });
}

/** The open (PENDING or APPROVED) trigger of a store, if any. */
export async function openTriggerOf(db: Db, source: "gi" | "th", storeId: string): Promise<TriggerDto | null> {
  const t = await db.trigger.findFirst({ where: { source, storeId, status: { in: OPEN_STATUSES } } });
  return t ? toDto(t) : null;
}
