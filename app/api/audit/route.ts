import { loadConfig } from "../../../lib/config";
import { control } from "../../../lib/control/db";
import { guarded } from "../../../lib/http/route";

export const GET = guarded("audit.read", async (_user, req) => {
  const url = new URL(req.url);
  const entity = url.searchParams.get("entity") ?? undefined;
  const actor = url.searchParams.get("actor") ?? undefined;
  const rows = await control(loadConfig()).auditEvent.findMany({ where: { entity, actor }, orderBy: { id: "desc" }, take: 200 });
  return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
});
