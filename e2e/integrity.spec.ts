import { expect, request, test } from "@playwright/test";
import { actionError } from "../lib/actions/result";
import { loadConfig } from "../lib/config";
import { closeControl, control } from "../lib/control/db";
import { withVersionSql } from "../lib/warehouse/duckdb/sql";
import { callAction } from "./actions";
import { E2E_DATA_DIR, E2E_PORT, storageStateOf } from "./env";

const config = loadConfig({ STOREMATCH_DATA_DIR: E2E_DATA_DIR });
test.afterAll(() => closeControl());

test("a candidate version is readable by stewards but not analysts, on the store page as on /failures", async ({ browser }) => {
  const db = control(config);
  const promoted = await db.version.findFirstOrThrow({ where: { status: "PROMOTED" } });
  const storeId = await withVersionSql(config, "promoted", async (q) => (await q<{ id: string }>(`select gi_id as id from fct_store_matches where gi_id is not null order by gi_id limit 1`))[0]!.id);
  // A candidate that was never promoted (the promoted version's files and manifest, another id:
  // pages name it by its manifest's version, so a readable page shows v1's data).
  await db.version.create({ data: { id: "v900", runId: promoted.runId, status: "CANDIDATE", snapshots: promoted.snapshots as object, metrics: promoted.metrics as object, manifest: promoted.manifest } });
  try {
    for (const [role, readable] of [["analyst", false], ["steward", true]] as const) {
      const context = await browser.newContext({ storageState: storageStateOf(role) });
      const page = await context.newPage();
      await page.goto(`/stores/gi/${encodeURIComponent(storeId)}?version=v900`);
      const refusal = page.getByText("version v900 was never promoted: your role (analyst) reads promoted versions only");
      if (readable) {
        await expect(page.getByRole("heading", { name: "Side by side with its partner" })).toBeVisible();
        await expect(refusal).toHaveCount(0);
      } else await expect(refusal).toBeVisible();
      await page.goto(`/failures?version=v900`);
      if (readable) {
        await expect(page.getByTestId("version-id")).toBeVisible();
        await expect(refusal).toHaveCount(0);
      } else await expect(refusal).toBeVisible();
      await context.close();
    }
  } finally {
    await db.version.delete({ where: { id: "v900" } });
  }
});

test("a trigger's priority cannot be typed in: the action refuses a priority field", async () => {
  const api = await request.newContext({ baseURL: `http://127.0.0.1:${E2E_PORT}`, storageState: storageStateOf("steward") });
  const before = await control(config).trigger.count();
  const r = await callAction(api, "createTriggerAction", { source: "gi", storeId: "GI-ANY", reason: "please rank me first", priority: 99 });
  expect(r.data).toBeUndefined();
  expect(actionError(r)).toMatch(/priority|Unrecognized key/i);
  expect(await control(config).trigger.count()).toBe(before);
  await api.dispose();
});

test("routes refuse a NUL byte or an over-long store id with a message naming the field; nothing is stored", async () => {
  const api = await request.newContext({ baseURL: `http://127.0.0.1:${E2E_PORT}`, storageState: storageStateOf("steward") });
  const before = await control(config).pairDecision.count();
  const nul = await api.post("/api/decisions", { data: { giId: "GI\u0000X", thId: "TH1", decision: "MATCH" } });
  expect(nul.status()).toBe(400);
  expect(await nul.json()).toEqual({ error: { code: "INVALID", message: "giId: contains a control character (U+0000 at position 3)" } });
  const long = await api.post("/api/triggers", { data: { source: "gi", storeId: "G".repeat(201), reason: "too long" } });
  expect(long.status()).toBe(400);
  expect(await long.json()).toEqual({ error: { code: "INVALID", message: "storeId: is longer than 200 characters" } });
  const action = await callAction(api, "setPairDecisionAction", { giId: "GI\u0007", thId: "TH1", decision: "MATCH" });
  expect(actionError(action)).toBe("giId: contains a control character (U+0007 at position 3)");
  expect(await control(config).pairDecision.count()).toBe(before);
  await api.dispose();
});
