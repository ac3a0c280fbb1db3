import { z } from "zod";
import { loadConfig } from "../../../lib/config";
import { pageAudit } from "../../../lib/control/audit";
import { control } from "../../../lib/control/db";
import { guarded, parseQuery } from "../../../lib/http/route";

const Query = z.object({
  actor: z.string().max(200).optional(),
  action: z.string().max(100).optional(),
  entity: z.string().max(50).optional(),
  entityId: z.string().max(100).optional(),
  from: z.iso.date("must be a date like 2026-11-26").optional(),
  to: z.iso.date("must be a date like 2026-11-26").optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
});

/** Audit events, newest first, filtered by who, action (prefix), entity and day range. */
export const GET = guarded("audit.read", async (_user, req) => {
  const q = parseQuery(req, Query);
  const to = q.to ? new Date(Date.parse(`${q.to}T00:00:00Z`) + 86_400_000) : undefined;
  return pageAudit(control(loadConfig()), { ...q, from: q.from ? new Date(`${q.from}T00:00:00Z`) : undefined, to }, q.page, q.pageSize);
});
