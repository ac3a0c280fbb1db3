import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertPermission } from "../../lib/auth/check";
import { closeControl, control } from "../../lib/control/db";
import { AppError } from "../../lib/control/errors";
import type { UserDto } from "../../lib/control/users";
import { createManualTrigger } from "../../lib/heal/manual-trigger";
import { cancelRun } from "../../lib/runner/queue";
import { readableVersionId } from "../../lib/versions/access";
import { tempDir, workspaceConfig } from "../helpers";
import { publishSyntheticVersion } from "../synthetic";

const user = (role: UserDto["role"]): UserDto => ({ id: 1, email: `${role}@test.local`, name: null, role, disabled: false, createdAt: new Date().toISOString() });

describe("integrity: trigger priority, who may cancel what, which versions a role reads", () => {
  const config = workspaceConfig(join(tempDir(), "data"));
  const db = () => control(config);
  beforeAll(async () => {
    await publishSyntheticVersion(config, "v1", { stores: 100, matched: 60 });
    await publishSyntheticVersion(config, "v2", { stores: 100, matched: 70, status: "CANDIDATE" });
  });
  afterAll(() => closeControl());

  it("a manual trigger's priority is its store's potential score in the promoted version, never typed in", async () => {
    const t = await createManualTrigger(config, { source: "gi", storeId: "GI000000061", reason: "looks fixable" }, "steward@test.local");
    expect(t!.priority).toBe((61 * 37) % 100);
    const matched = await createManualTrigger(config, { source: "th", storeId: "TH000000003", reason: "check it" }, "steward@test.local");
    expect(matched!.priority).toBe(0);
    expect(t!.origin).toBe("MANUAL");
  });

  it("cancelling a full refresh needs the permission to launch one; a targeted run, the steward's", async () => {
    const mk = (id: string, kind: "FULL_REFRESH" | "TARGETED") => db().run.create({ data: { id, kind, status: "QUEUED", warehouse: "w", requestedBy: "admin@test.local", requesterPid: process.pid } });
    await mk("full-1", "FULL_REFRESH");
    await mk("targeted-1", "TARGETED");
    const steward = (p: Parameters<typeof assertPermission>[1]) => assertPermission(user("steward"), p);
    const err = await cancelRun(config, "full-1", "steward@test.local", steward).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: "FORBIDDEN", status: 403 });
    expect((err as AppError).message).toBe("your role (steward) may not runs.launch.full: that needs admin");
    expect((await db().run.findUniqueOrThrow({ where: { id: "full-1" } })).status).toBe("QUEUED");
    expect((await cancelRun(config, "targeted-1", "steward@test.local", steward)).status).toBe("CANCELLED");
    expect((await cancelRun(config, "full-1", "admin@test.local", (p) => assertPermission(user("admin"), p))).status).toBe("CANCELLED");
  });

  it("one rule for versions: analysts read promoted versions only (current or earlier), stewards and admins also candidates", async () => {
    expect(await readableVersionId(config, "analyst", "promoted")).toBe("v1");
    expect(await readableVersionId(config, "analyst", "v1")).toBe("v1");
    const refused = await readableVersionId(config, "analyst", "v2").catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).message).toBe("version v2 was never promoted: your role (analyst) reads promoted versions only");
    await expect(readableVersionId(config, "analyst", "latest")).rejects.toThrow("never promoted");
    expect(await readableVersionId(config, "steward", "v2")).toBe("v2");
    expect(await readableVersionId(config, "admin", "latest")).toBe("v2");
    // Promote v2 (as promoteVersion records it; the synthetic version has no Iceberg tables to tag).
    await db().version.update({ where: { id: "v1" }, data: { status: "RETIRED" } });
    await db().version.update({ where: { id: "v2" }, data: { status: "PROMOTED", promotedAt: new Date(), promotedBy: "admin@test.local" } });
    expect(await readableVersionId(config, "analyst", "v1")).toBe("v1"); // promoted before: still readable
    expect(await readableVersionId(config, "analyst", "v2")).toBe("v2");
  });
});
