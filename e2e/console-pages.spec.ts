import { expect, test } from "@playwright/test";
import { loadConfig } from "../lib/config";
import { closeControl, control } from "../lib/control/db";
import { E2E_DATA_DIR, e2eEmail, screenshot, storageStateOf } from "./env";

// Each console page on the sample workspace, per role: what it shows, what it offers, and a
// screenshot under e2e/screenshots/ (read them: would a steward understand the page?).
const db = () => control(loadConfig({ STOREMATCH_DATA_DIR: E2E_DATA_DIR }));
test.afterAll(() => closeControl());

test.describe("as an analyst", () => {
  test.use({ storageState: storageStateOf("analyst") });

  test("explorer: an unmatched store, its candidates side by side, the model's waterfall, the reason in words", async ({ page }) => {
    await page.goto("/failures?reason=LEGAL_FORM_NOISE");
    const link = page.getByTestId("unmatched-row").first().getByRole("link");
    const storeId = (await link.textContent())!;
    await link.click();
    await expect(page).toHaveURL(new RegExp(`/stores/(gi|th)/${storeId}`));
    await expect(page.getByTestId("store-status")).toContainText("Unmatched: LEGAL_FORM_NOISE");
    await expect(page.getByTestId("store-status")).toContainText("legal_forms.csv");
    await expect(page.getByTestId("candidate-row").first()).toBeVisible();
    // Side by side: raw and normalized values; the legal form is a token only one side has.
    await expect(page.getByTestId("side-self").locator("mark").or(page.getByTestId("side-candidate").locator("mark")).first()).toBeVisible();
    // The model's evidence: the prior, the name one inside the other (the legal form), the probability against the bound.
    await expect(page.getByTestId("waterfall-prior")).toBeVisible();
    await expect(page.getByTestId("waterfall-name")).toContainText("token containment");
    await expect(page.getByTestId("waterfall-probability")).toContainText("does not match (bound 50%)");
    await expect(page.getByTestId("history-row").first()).toContainText("PROMOTED");
    await expect(page.getByRole("region", { name: "Steward actions" })).toHaveCount(0); // analysts read only
    await screenshot(page, "store-explorer");
    // Comparing another candidate is a link: the URL carries it.
    const second = page.getByTestId("candidate-row").nth(1);
    if (await second.count()) {
      await second.getByRole("link", { name: "compare" }).click();
      await expect(page).toHaveURL(/\?c=/);
      await expect(second).toHaveAttribute("aria-current", "true");
    }
  });

  test("store search by name and by id", async ({ page }) => {
    await page.goto("/stores");
    await page.getByLabel("Store id or name").fill("a");
    await page.getByRole("button", { name: "Search" }).click();
    const first = page.getByTestId("store-row").first();
    await expect(first).toBeVisible();
    const id = (await first.getByRole("link").textContent())!;
    await page.goto(`/stores?q=${encodeURIComponent(id)}`);
    await expect(page.getByTestId("store-row").first()).toContainText(id);
    await screenshot(page, "stores");
    await page.goto("/stores?q=no-store-is-called-this");
    await expect(page.getByText(/No store has the id/)).toBeVisible();
  });

  test("runs and versions are readable, with no launch or promote", async ({ page }) => {
    await page.goto("/runs");
    await expect(page.getByTestId("run-row").first()).toContainText("SUCCEEDED");
    await expect(page.getByRole("button", { name: /Launch/ })).toHaveCount(0);
    await page.goto("/versions");
    await expect(page.getByTestId("version-row").first()).toContainText("PROMOTED");
    await expect(page.getByRole("button", { name: /Promote|Roll back/ })).toHaveCount(0);
  });

  test("audit and users are for admins", async ({ page }) => {
    await page.goto("/audit");
    await expect(page.getByText("Only admins read the audit log.")).toBeVisible();
    await page.goto("/users");
    await expect(page.getByText("Only admins manage users.")).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Audit" })).toHaveCount(0);
  });
});

test.describe("as a steward", () => {
  test.use({ storageState: storageStateOf("steward") });

  test("explorer: create a trigger for a store without one; set and remove a pair decision; all audited", async ({ page }) => {
    // An unmatched store below the scan's bound has no trigger yet: the last page holds the lowest potentials.
    await page.goto("/failures?reason=PHONE_MISMATCH");
    const nav = page.getByRole("navigation", { name: "Pages" });
    const pages = (await nav.count()) ? Number(/of (\d+)/.exec((await nav.textContent())!)![1]) : 1;
    await page.goto(`/failures?reason=PHONE_MISMATCH&page=${pages}`);
    const rows = page.getByTestId("unmatched-row");
    await expect(rows.last().locator("td.num")).toHaveText(/^[0-6]?\d(\.\d+)?$/); // below 70
    await rows.last().getByRole("link").click();
    await page.waitForURL(/\/stores\/(gi|th)\//);
    const [, source, rawId] = /\/stores\/(gi|th)\/([^?]+)/.exec(page.url())!;
    const storeId = decodeURIComponent(rawId!);
    await page.getByRole("button", { name: "Create a reprocess trigger" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Trigger created (PENDING)" })).toBeVisible();
    const t = await db().trigger.findFirst({ where: { source, storeId } });
    expect(t).toMatchObject({ status: "PENDING", origin: "MANUAL", createdBy: e2eEmail("steward") });
    await expect(page.getByText(`#${t!.id} (PENDING)`)).toBeVisible();

    page.once("dialog", (d) => void d.accept());
    await page.getByRole("button", { name: "Never match this pair" }).click();
    await expect(page.getByTestId("decision")).toContainText("Never match");
    const decision = await db().pairDecision.findFirst({ where: source === "gi" ? { giId: storeId } : { thId: storeId } });
    expect(decision).toMatchObject({ decision: "NO_MATCH", createdBy: e2eEmail("steward") });
    await screenshot(page, "store-explorer-steward");
    page.once("dialog", (d) => void d.accept());
    await page.getByTestId("decision").getByRole("button", { name: "Remove" }).click();
    await expect(page.getByTestId("decision")).toHaveCount(0);
    const audited = (await db().auditEvent.findMany({ where: { actor: e2eEmail("steward"), action: { in: ["triggers.create", "decisions.set", "decisions.remove"] } } })).map((a) => a.action);
    expect(audited).toEqual(expect.arrayContaining(["triggers.create", "decisions.set", "decisions.remove"]));
  });

  test("runs: a steward may launch a targeted run but not a full refresh", async ({ page }) => {
    await page.goto("/runs");
    await expect(page.getByRole("button", { name: /Launch a targeted run/ })).toBeVisible();
    await expect(page.getByRole("button", { name: "Launch a full refresh" })).toHaveCount(0);
  });
});

test.describe("as an admin", () => {
  test.use({ storageState: storageStateOf("admin") });

  test("runs page offers a full refresh that needs a reason", async ({ page }) => {
    await page.goto("/runs");
    await expect(page.getByLabel("Full refresh reason")).toHaveAttribute("required", "");
    await screenshot(page, "runs");
    await page.goto("/versions");
    await screenshot(page, "versions");
  });

  test("users: add (password shown once), change the role, disable; each audited and visible in the audit log", async ({ page }) => {
    const email = `new-${Date.now()}@e2e.local`;
    await page.goto("/users");
    const form = page.getByRole("form", { name: "Add a user" });
    await form.getByLabel("Email").fill(email);
    await form.getByRole("combobox").selectOption("analyst");
    await page.getByRole("button", { name: "Add user" }).click();
    await expect(page.getByTestId("new-password")).toContainText(email);
    const row = page.getByTestId("user-row").filter({ hasText: email });
    page.once("dialog", (d) => void d.accept());
    await row.getByLabel(`role of ${email}`).selectOption("steward");
    await expect(row.getByLabel(`role of ${email}`)).toHaveValue("steward");
    page.once("dialog", (d) => void d.accept());
    await row.getByRole("button", { name: "Disable" }).click();
    await expect(row).toContainText("disabled");
    await expect(page.getByTestId("user-row").filter({ hasText: `${e2eEmail("admin")} (you)` }).getByRole("button")).toHaveCount(0);
    await screenshot(page, "users");
    expect(await db().user.findUnique({ where: { email } })).toMatchObject({ role: "steward", disabled: true });

    await page.goto(`/audit?entityId=${encodeURIComponent(email)}`);
    const actions = await page.getByTestId("audit-row").locator("td:nth-child(3)").allTextContents();
    expect(actions).toEqual(["users.disable", "users.role", "users.add"]);
    await expect(page.getByTestId("audit-row").first()).toContainText(e2eEmail("admin"));
    await page.goto("/audit");
    await screenshot(page, "audit");
    await page.goto("/audit?action=triggers.approve&actor=nobody-did-this");
    await expect(page.getByText("No audit event fits these filters.")).toBeVisible();
  });
});
