import { z } from "zod";
import { loadConfig } from "../../../../lib/config";
import { guarded, parseBody } from "../../../../lib/http/route";
import { promoteVersion } from "../../../../lib/versions/registry";

const Body = z.object({ version: z.string().regex(/^v\d+$/, "must be a version id like v3") });

export const POST = guarded("versions.promote", async (user, req) => {
  const b = await parseBody(req, Body);
  const r = await promoteVersion(loadConfig(), b.version, user.email);
  return { promoted: r.version.id, changed: r.changed, previous: r.previous };
});
