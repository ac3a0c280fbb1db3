"use server";
import { z } from "zod";
import { loadConfig } from "../../config";
import { versionReader } from "../../versions/reader";
import { promoteVersion } from "../../versions/registry";
import { actionClient } from "../client";
import { VersionId } from "../schemas";

/** Promote a version (or roll back to an older one): dashboards read only the promoted version. */
export const promoteVersionAction = actionClient
  .metadata({ actionName: "promoteVersion", permission: "versions.promote" })
  .inputSchema(z.object({ version: VersionId }))
  .action(async ({ parsedInput: b, ctx }) => {
    const config = loadConfig();
    const r = await promoteVersion(config, b.version, ctx.user.email);
    void versionReader(config, r.version.id).catch(() => undefined); // dashboards switch to it: open its reader now
    return { promoted: r.version.id, changed: r.changed, previous: r.previous };
  });
