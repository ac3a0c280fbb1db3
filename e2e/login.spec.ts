import { expect, test } from "@playwright/test";
import { loadConfig } from "../lib/config";
import { closeControl, control } from "../lib/control/db";
import { addUser } from "../lib/control/users";
import { E2E_DATA_DIR, E2E_PORT } from "./env";

// Accounts of this spec only, added straight to the e2e workspace's control plane.
const db = () => control(loadConfig({ STOREMATCH_DATA_DIR: E2E_DATA_DIR }));
const PASSWORD = "login-spec-password-1";

test.afterAll(() => closeControl());

async function signIn(page: import("@playwright/test").Page, email: string, password: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("button", { name: "Sign in", exact: true }).or(page.getByTestId("signed-in-as"))).toBeVisible();
}

test("after signing in, ?next= can only lead to a page of the console", async ({ page }) => {
  await addUser(db(), { email: "redirect@e2e.local", role: "analyst", password: PASSWORD }, "e2e");
  // Browsers read "/\host" as "//host": another site on the same machine.
  await page.goto(`/login?next=${encodeURIComponent(`/\\127.0.0.1:${E2E_PORT + 1}/x`)}`);
  await signIn(page, "redirect@e2e.local", PASSWORD);
  await expect(page.getByTestId("signed-in-as")).toHaveText("redirect@e2e.local");
  expect(new URL(page.url()).origin).toBe(`http://127.0.0.1:${E2E_PORT}`);
  expect(new URL(page.url()).pathname).toBe("/");
  // A path of the console is kept.
  await page.context().clearCookies();
  await page.goto(`/login?next=${encodeURIComponent("/versions")}`);
  await signIn(page, "redirect@e2e.local", PASSWORD);
  await expect(page).toHaveURL(`http://127.0.0.1:${E2E_PORT}/versions`);
});

test("repeated wrong passwords lock the account for a while, even against the right one, and are audited", async ({ page }) => {
  const email = "throttled@e2e.local";
  await addUser(db(), { email, role: "analyst", password: PASSWORD }, "e2e");
  await page.goto("/login");
  for (let i = 0; i < 5; i++) {
    await signIn(page, email, `wrong password ${i}`);
    await expect(page.locator("form p[role=alert]")).toContainText("Wrong email or password");
  }
  await signIn(page, email, PASSWORD);
  await expect(page.locator("form p[role=alert]")).toContainText(/Too many failed sign-ins: try again in \d+ s\./);
  await expect(page.getByTestId("signed-in-as")).toHaveCount(0);
  expect(await db().auditEvent.count({ where: { action: "auth.login.failed", entityId: email } })).toBe(6);
});
