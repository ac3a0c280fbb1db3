import { expect, test } from "@playwright/test";
import { loadConfig } from "../lib/config";
import { closeControl, control } from "../lib/control/db";
import { E2E_DATA_DIR, e2eEmail, screenshot, storageStateOf } from "./env";

const db = () => control(loadConfig({ STOREMATCH_DATA_DIR: E2E_DATA_DIR }));
test.afterAll(() => closeControl());

test.describe("as an analyst", () => {
  test.use({ storageState: storageStateOf("analyst") });
  test("the queue is visible but offers no approval", async ({ page }) => {
    await page.goto("/triggers?status=PENDING");
    await expect(page.getByTestId("trigger-row").first()).toBeVisible();
    await expect(page.getByRole("button", { name: /Approve selected/ })).toHaveCount(0);
  });
});

test.describe("as a steward", () => {
  test.use({ storageState: storageStateOf("steward") });
  test("bulk approve asks for confirmation with the count, then records who approved", async ({ page }) => {
    const pendingBefore = await db().trigger.count({ where: { status: "PENDING" } });
    expect(pendingBefore).toBeGreaterThanOrEqual(2);
    await page.goto("/triggers?status=PENDING");
    await screenshot(page, "triggers");
    const boxes = page.getByRole("checkbox");
    const ids: number[] = [];
    for (const i of [0, 1]) {
      const label = await boxes.nth(i).getAttribute("aria-label");
      ids.push(Number(/(\d+)$/.exec(label!)![1]));
      await boxes.nth(i).check();
    }
    let message = "";
    page.once("dialog", (d) => {
      message = d.message();
      void d.accept();
    });
    await page.getByRole("button", { name: "Approve selected (2)" }).click();
    await expect.poll(async () => (await db().trigger.findMany({ where: { id: { in: ids } } })).map((t) => t.status)).toEqual(["APPROVED", "APPROVED"]);
    expect(message).toBe("Approve 2 triggers?");
    const rows = await db().trigger.findMany({ where: { id: { in: ids } } });
    expect(rows.every((t) => t.decidedBy === e2eEmail("steward"))).toBe(true);
    await page.goto("/triggers?status=APPROVED");
    await expect(page.getByTestId("trigger-decided-by").first()).toHaveText(e2eEmail("steward"));
  });
});
