"use server";
import { z } from "zod";
import { loadConfig } from "../../config";
import { promoteVersion } from "../../versions/registry";
import { actionClient } from "../client";
import { VersionId } from "../schemas";

/** Promote a version (or roll back to an older one): dashboards read only the promoted version. */
export const promoteVersionAction = actionClient
  .metadata({ actionName: "promoteVersion", permission: "versions.promote" })
  .inputSchema(z.object({ version: VersionId }))
  .action(async ({ parsedInput: b, ctx }) => {
    const r = await promoteVersion(loadConfig(), b.version, ctx.user.email);
    return { promoted: r.version.id, changed: r.changed, previous: r.previous };
  });
