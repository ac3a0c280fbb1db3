import { expect, test, type Browser } from "@playwright/test";
import { copyFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { loadConfig } from "../lib/config";
import { closeControl, control } from "../lib/control/db";
import { withVersionSql } from "../lib/warehouse/duckdb/sql";
import { E2E_DATA_DIR, E2E_DBT_DIR, screenshot, storageStateOf } from "./env";

// The healing story through the console, one role at a time, on the e2e workspace whose
// legal-forms seed global-setup emptied (the bug).
const config = () => loadConfig({ STOREMATCH_DATA_DIR: E2E_DATA_DIR, STOREMATCH_DBT_DIR: E2E_DBT_DIR });
const as = async (browser: Browser, role: string) => (await browser.newContext({ storageState: storageStateOf(role) })).newPage();
const count = (s: string | null) => Number((s ?? "").replace(/[^0-9]/g, ""));
test.afterAll(() => closeControl());

test("healing: analyst sees LEGAL_FORM_NOISE lead, steward approves and runs after the fix, admin diffs and promotes, analyst sees them matched", async ({ browser }) => {
  test.setTimeout(300_000);
  const db = control(config());

  // Analyst: the failures page shows LEGAL_FORM_NOISE leading.
  const analyst = await as(browser, "analyst");
  await analyst.goto("/failures");
  await expect(analyst.getByTestId("leading-reason")).toContainText("Leading reason: LEGAL_FORM_NOISE");
  await screenshot(analyst, "failures-before-fix");
  await analyst.goto("/");
  const noiseBefore = count(await analyst.getByTestId("reason-LEGAL_FORM_NOISE").locator("td.num").first().textContent());
  const matchedBefore = count(await analyst.getByTestId("count-matched").textContent());
  expect(noiseBefore).toBeGreaterThan(20);

  // Steward: approves every pending LEGAL_FORM_NOISE trigger, after a confirmation with the count.
  const steward = await as(browser, "steward");
  await steward.goto("/triggers?status=PENDING&reason=LEGAL_FORM_NOISE");
  const pending = await db.trigger.count({ where: { status: "PENDING", reason: "LEGAL_FORM_NOISE" } });
  expect(pending).toBeGreaterThan(20);
  let confirm = "";
  steward.once("dialog", (d) => { confirm = d.message(); void d.accept(); });
  await steward.getByRole("button", { name: `Approve all ${pending} pending that fit the filters` }).click();
  await expect.poll(() => db.trigger.count({ where: { status: "PENDING", reason: "LEGAL_FORM_NOISE" } })).toBe(0);
  expect(confirm).toBe(`Approve ${pending} triggers — every pending trigger that fits the filters?`);
  const approved = await db.trigger.findMany({ where: { status: "APPROVED", reason: "LEGAL_FORM_NOISE" } });
  expect(approved.length).toBeGreaterThanOrEqual(pending);

  // The fix lands: the legal-forms seed is restored.
  copyFileSync(resolve(import.meta.dirname, "..", "dbt", "seeds", "normalization", "legal_forms.csv"), join(E2E_DBT_DIR, "seeds", "normalization", "legal_forms.csv"));

  // Steward: launches a targeted run and watches it finish.
  await steward.goto("/runs");
  await steward.getByRole("button", { name: /Launch a targeted run \(\d+ approved triggers?\)/ }).click();
  await expect(steward).toHaveURL(/\/runs\/[^/]+$/);
  const runId = steward.url().split("/").pop()!;
  await expect(steward.getByTestId("run-status")).toHaveText(/QUEUED|RUNNING|PUBLISHING|SUCCEEDED/);
  await expect(steward.getByTestId("run-progress")).toHaveText(/\d+ \/ \d+ models/, { timeout: 60_000 });
  await screenshot(steward, "run-in-progress");
  await expect(steward.getByTestId("run-status")).toHaveText("SUCCEEDED", { timeout: 240_000 });
  const progress = (await steward.getByTestId("run-progress").textContent())!;
  const [done, total] = /(\d+) \/ (\d+)/.exec(progress)!.slice(1).map(Number);
  expect(done).toBe(total);
  await expect(steward.getByTestId("run-log")).toContainText("Completed successfully");
  const version = (await steward.getByTestId("run-version").textContent())!;
  await screenshot(steward, "run-finished");
  expect((await db.trigger.findMany({ where: { id: { in: approved.map((t) => t.id) } } })).every((t) => t.status === "CONSUMED" && t.runId === runId)).toBe(true);

  // Admin: diffs the new version against the promoted one, then promotes it after a confirmation showing the diff.
  const admin = await as(browser, "admin");
  await admin.goto(`/runs/${runId}`);
  await admin.getByTestId("run-version").click();
  await expect(admin).toHaveURL(new RegExp(`/versions\\?a=promoted&b=${version}`));
  await expect(admin.getByTestId("diff-gained")).toBeVisible();
  const gained = count(await admin.getByTestId("diff-gained").textContent());
  expect(gained).toBeGreaterThan(10);
  expect(count(await admin.getByTestId("diff-lost").textContent())).toBe(0);
  await screenshot(admin, "versions-diff");
  let promoteConfirm = "";
  admin.once("dialog", (d) => { promoteConfirm = d.message(); void d.accept(); });
  await admin.getByRole("button", { name: `Promote ${version}` }).click();
  await expect(admin.getByTestId(`version-status-${version}`)).toHaveText("PROMOTED");
  expect(promoteConfirm).toContain(`+${gained} pairs gained`);

  // Analyst: the dashboard reads the promoted version, and those stores are matched.
  await analyst.goto("/");
  await expect(analyst.getByTestId("version-id")).toHaveText(version);
  expect(count(await analyst.getByTestId("count-matched").textContent())).toBe(matchedBefore + gained);
  const noiseAfter = await analyst.getByTestId("reason-LEGAL_FORM_NOISE").count() ? count(await analyst.getByTestId("reason-LEGAL_FORM_NOISE").locator("td.num").first().textContent()) : 0;
  expect(noiseAfter).toBeLessThan(noiseBefore * 0.2);
  await analyst.goto("/failures");
  await expect(analyst.getByTestId("leading-reason")).not.toContainText("LEGAL_FORM_NOISE");
  await screenshot(analyst, "failures-after-fix");
  const keys = approved.map((t) => `('${t.source}', '${t.storeId.replace(/'/g, "''")}')`).join(", ");
  const [row] = await withVersionSql(config(), "promoted", (q) => q<{ matched: number }>(`
    with k(source, store_id) as (values ${keys})
    select count(*)::integer as matched from k
    where exists (select 1 from fct_store_matches g where g.status = 'MATCHED' and ((k.source = 'gi' and g.gi_id = k.store_id) or (k.source = 'th' and g.th_id = k.store_id)))`));
  expect(row!.matched / approved.length).toBeGreaterThan(0.98);
  const sample = approved[0]!;
  await analyst.goto(`/stores/${sample.source}/${encodeURIComponent(sample.storeId)}`);
  await expect(analyst.getByTestId("store-status")).toContainText("Matched to");
  await expect(analyst.getByTestId("history-row")).toHaveCount(2);
});
