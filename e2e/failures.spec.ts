import { expect, test } from "@playwright/test";
import { loadConfig } from "../lib/config";
import { failureReasons } from "../lib/versions/queries";
import { E2E_DATA_DIR, screenshot, storageStateOf } from "./env";

test.use({ storageState: storageStateOf("analyst") });

test("failures: charts filter the table through the URL, and the counts are the version's", async ({ page }) => {
  const reasons = await failureReasons(loadConfig({ STOREMATCH_DATA_DIR: E2E_DATA_DIR }));
  const top = reasons[0]!;
  await page.goto("/failures");
  await expect(page.getByRole("heading", { name: "Why stores fail to match" })).toBeVisible();
  await expect(page.locator(".recharts-bar-rectangle").first()).toBeVisible();
  await screenshot(page, "failures");

  // Clicking the first bar of the reasons chart (the leading reason) filters the table.
  await page.locator(".charts figure").first().locator(".recharts-bar-rectangle").first().click();
  await expect(page).toHaveURL(new RegExp(`reason=${top.reason}`));
  await expect(page.getByRole("heading", { name: `Unmatched stores (${top.stores.toLocaleString("en-US")})` })).toBeVisible();
  const cells = page.getByTestId("row-reason");
  await expect(cells.first()).toHaveText(top.reason);
  for (const t of await cells.allTextContents()) expect(t).toBe(top.reason);

  // The filtered view is a link that can be shared.
  const shared = page.url();
  await page.goto("/");
  await page.goto(shared);
  await expect(page.getByRole("heading", { name: `Unmatched stores (${top.stores.toLocaleString("en-US")})` })).toBeVisible();
});
