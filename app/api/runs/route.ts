import { NextResponse } from "next/server";
import { z } from "zod";
import { zText } from "../../../lib/text";
import { can } from "../../../lib/auth/permissions";
import { requirePermission } from "../../../lib/auth/session";
import { loadConfig } from "../../../lib/config";
import { AppError } from "../../../lib/control/errors";
import { assertSameOriginJson, errorResponse, guarded, parseBody } from "../../../lib/http/route";
import { launchRun } from "../../../lib/runner/launch";
import { listRuns } from "../../../lib/runner/queue";

export const GET = guarded("runs.read", async () => listRuns(loadConfig(), 50));

const Body = z.object({ kind: z.enum(["TARGETED", "FULL_REFRESH"]), reason: zText(500, 0).optional() });

/** Launch a run: targeted (steward) or full refresh (admin, with a reason). It runs in the server process. */
export async function POST(req: Request) {
  try {
    assertSameOriginJson(req);
    const user = await requirePermission("runs.launch.targeted");
    const b = await parseBody(req, Body);
    if (b.kind === "FULL_REFRESH" && !can(user.role, "runs.launch.full"))
      throw new AppError("FORBIDDEN", `your role (${user.role}) may not runs.launch.full: that needs admin`);
    if (b.kind === "FULL_REFRESH" && !b.reason) throw new AppError("INVALID", "reason: a full refresh needs a reason");
    const config = loadConfig();
    return NextResponse.json(await launchRun(config, b.kind, user.email, b.reason ?? "launched from the console"), { status: 202 });
  } catch (e) {
    return errorResponse(e);
  }
}
