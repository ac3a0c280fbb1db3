import type { ControlPlane } from "../config";
import type { Tx } from "./db";

export interface ScanInsert {
  /** JSON array of [source, storeId, reason, priority as text], best first. */
  payload: string;
  autoApprove: boolean;
  autoApproveMin: number;
  actor: string;
  at: Date;
}

/**
 * The scan's one set-based INSERT … SELECT: a trigger per candidate that has no open one,
 * APPROVED when auto-approve is on and its priority passes, in the payload's order. The same
 * statement in each provider's dialect (the candidates arrive as one bound JSON value).
 * Returns the largest trigger id before the insert and the number inserted.
 */
export async function insertScanTriggers(tx: Tx, provider: ControlPlane["provider"], p: ScanInsert): Promise<{ before: number; created: number }> {
  const [{ maxId }] = (await tx.$queryRawUnsafe<{ maxId: number | bigint }[]>(`select coalesce(max(id), 0) as "maxId" from "Trigger"`)) as [{ maxId: number | bigint }];
  const before = Number(maxId);
  const created = provider === "postgresql"
    ? await tx.$executeRawUnsafe(
        `with p as (select $1::jsonb as payload, $2::boolean as auto, $3::float8 as minp, $4::text as actor, $5::timestamp(3) as at),
              c as (select j.value->>0 as source, j.value->>1 as "storeId", j.value->>2 as reason, (j.value->>3)::float8 as priority,
                           j.ord, p.auto and (j.value->>3)::float8 > p.minp as approved, p.actor, p.at
                    from p, jsonb_array_elements(p.payload) with ordinality as j(value, ord))
         insert into "Trigger" ("source", "storeId", "reason", "priority", "status", "origin", "createdBy", "decidedBy", "decidedAt", "createdAt", "updatedAt")
         select c.source, c."storeId", c.reason, c.priority, (case when c.approved then 'APPROVED' else 'PENDING' end)::"TriggerStatus", 'SCAN'::"TriggerOrigin", c.actor,
                case when c.approved then c.actor || ' (auto-approve)' end, case when c.approved then c.at end, c.at, c.at
         from c
         where not exists (select 1 from "Trigger" t where t."source" = c.source and t."storeId" = c."storeId" and t."status" in ('PENDING', 'APPROVED'))
         order by c.ord`,
        p.payload, p.autoApprove, p.autoApproveMin, p.actor, p.at.toISOString().replace("Z", ""), // timestamp(3) holds UTC
      )
    : await tx.$executeRawUnsafe(
        // Each value is bound once (p). Prisma's SQLite DateTime is text ("2026-11-29T15:22:50.487+00:00").
        `with p as (select ? as payload, ? as auto, ? as minp, ? as actor, ? as at),
              c as (select json_extract(j.value, '$[0]') as source, json_extract(j.value, '$[1]') as storeId,
                           json_extract(j.value, '$[2]') as reason, cast(json_extract(j.value, '$[3]') as real) as priority,
                           j.key as ord, p.auto and cast(json_extract(j.value, '$[3]') as real) > p.minp as approved, p.actor, p.at
                    from p, json_each(p.payload) j)
         insert into "Trigger" ("source", "storeId", "reason", "priority", "status", "origin", "createdBy", "decidedBy", "decidedAt", "createdAt", "updatedAt")
         select c.source, c.storeId, c.reason, c.priority, case when c.approved then 'APPROVED' else 'PENDING' end, 'SCAN', c.actor,
                case when c.approved then c.actor || ' (auto-approve)' end, case when c.approved then c.at end, c.at, c.at
         from c
         where not exists (select 1 from "Trigger" t where t."source" = c.source and t."storeId" = c.storeId and t."status" in ('PENDING', 'APPROVED'))
         order by c.ord`,
        p.payload, p.autoApprove ? 1 : 0, p.autoApproveMin, p.actor, p.at.toISOString().replace("Z", "+00:00"),
      );
  return { before, created };
}

/** Triggers created after id `before`, counted by reason. */
export async function countTriggersByReasonSince(tx: Tx, before: number): Promise<Record<string, number>> {
  const rows = await tx.trigger.groupBy({ by: ["reason"], where: { id: { gt: before } }, _count: { _all: true } });
  return Object.fromEntries(rows.sort((a, b) => b._count._all - a._count._all || a.reason.localeCompare(b.reason)).map((r) => [r.reason, r._count._all]));
}
