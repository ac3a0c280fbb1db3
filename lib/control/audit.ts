import type { Prisma } from "@prisma/client";
import type { Db, Tx } from "./db";

export interface AuditInput {
  actor: string;
  action: string;
  entity: string;
  entityId: string | number;
  before?: unknown;
  after?: unknown;
}

const row = (e: AuditInput) => ({
  actor: e.actor,
  action: e.action,
  entity: e.entity,
  entityId: String(e.entityId),
  before: json(e.before),
  after: json(e.after),
});

/**
 * A Json column's value: absent or null → SQL NULL (read back as null). Not Prisma.DbNull: each
 * provider's generated client has its own runtime, whose null markers are not the other's.
 */
const json = (v: unknown) => (v === undefined || v === null ? undefined : (JSON.parse(JSON.stringify(v)) as Prisma.InputJsonValue));

/** Record a state change (call inside the transaction that makes it). */
export async function audit(tx: Tx, e: AuditInput): Promise<void> {
  await tx.auditEvent.create({ data: row(e) });
}

/** Record many state changes in one statement (a run consuming a thousand triggers). */
export async function auditMany(tx: Tx, events: AuditInput[]): Promise<void> {
  if (events.length) await tx.auditEvent.createMany({ data: events.map(row) });
}

export interface AuditEventDto {
  id: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entityId: string;
  before: string | null;
  after: string | null;
}

export interface AuditFilter {
  actor?: string;
  /** An action or its prefix: `triggers` matches triggers.approve, triggers.reject… */
  action?: string;
  entity?: string;
  entityId?: string;
  from?: Date;
  to?: Date;
}

/** One page of audit events, newest first, with the total that fits the filter. */
export async function pageAudit(db: Db, f: AuditFilter, page: number, pageSize: number): Promise<{ total: number; rows: AuditEventDto[] }> {
  const where = {
    actor: f.actor ? { contains: f.actor } : undefined,
    action: f.action ? { startsWith: f.action } : undefined,
    entity: f.entity || undefined,
    entityId: f.entityId || undefined,
    at: f.from || f.to ? { gte: f.from, lt: f.to } : undefined,
  };
  const [total, rows] = await Promise.all([
    db.auditEvent.count({ where }),
    db.auditEvent.findMany({ where, orderBy: { id: "desc" }, skip: (page - 1) * pageSize, take: pageSize }),
  ]);
  return { total, rows: rows.map((r) => ({ ...r, at: r.at.toISOString(), before: jsonText(r.before), after: jsonText(r.after) })) };
}

/** A Json column as the JSON text the DTO carries (SQL NULL and JSON null both read as null here). */
const jsonText = (v: Prisma.JsonValue | null) => (v === null ? null : JSON.stringify(v));

/** The entities audit events are about, for the filter's choices. */
export async function auditEntities(db: Db): Promise<string[]> {
  return (await db.auditEvent.findMany({ distinct: ["entity"], select: { entity: true }, orderBy: { entity: "asc" } })).map((r) => r.entity);
}
