import { expect, test } from "@playwright/test";
import { E2E_DATA_DIR, screenshot, storageStateOf } from "./env";
import { loadConfig } from "../lib/config";
import { failureReasons, matchCounts } from "../lib/versions/queries";

const fmt = new Intl.NumberFormat("en-US");

test.use({ storageState: storageStateOf("analyst") });

test("the landing page shows the match counts and failure reasons of the current data", async ({ page }) => {
  const config = loadConfig({ STOREMATCH_DATA_DIR: E2E_DATA_DIR });
  const counts = await matchCounts(config);
  const reasons = await failureReasons(config);
  // 1,200 generated stores; global-setup empties the legal-forms seed (the healing story's bug), so fewer match.
  expect(counts.matched).toBeGreaterThan(750);

  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Current matches" })).toBeVisible();
  await expect(page.getByTestId("version-id")).toHaveText(counts.version);
  await expect(page.getByTestId("count-matched")).toHaveText(fmt.format(counts.matched));
  await expect(page.getByTestId("count-gi-only")).toHaveText(fmt.format(counts.giOnly));
  await expect(page.getByTestId("count-th-only")).toHaveText(fmt.format(counts.thOnly));
  const table = page.getByRole("table", { name: "Failure reasons" });
  for (const r of reasons) {
    await expect(table.getByTestId(`reason-${r.reason}`)).toContainText(fmt.format(r.stores));
  }
  await screenshot(page, "home");
});
