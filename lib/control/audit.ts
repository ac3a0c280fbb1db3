import type { Tx } from "./db";

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
  before: e.before === undefined ? null : JSON.stringify(e.before),
  after: e.after === undefined ? null : JSON.stringify(e.after),
});

/** Record a state change (call inside the transaction that makes it). */
export async function audit(tx: Tx, e: AuditInput): Promise<void> {
  await tx.auditEvent.create({ data: row(e) });
}

/** Record many state changes in one statement (a run consuming a thousand triggers). */
export async function auditMany(tx: Tx, events: AuditInput[]): Promise<void> {
  if (events.length) await tx.auditEvent.createMany({ data: events.map(row) });
}
