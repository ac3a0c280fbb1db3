import { expect, test as setup } from "@playwright/test";
import { E2E_PASSWORD, e2eEmail, ROLES_E2E, storageStateOf } from "./env";

// Each role signs in once through the real form; the specs reuse the saved session.
for (const role of ROLES_E2E) {
  setup(`sign in as ${role}`, async ({ page }) => {
    await page.goto("/");
    await expect(page).toHaveURL(/\/login/);
    await page.getByLabel("Email").fill(e2eEmail(role));
    await page.getByLabel("Password").fill(E2E_PASSWORD);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByTestId("signed-in-as")).toHaveText(e2eEmail(role));
    await page.context().storageState({ path: storageStateOf(role) });
  });
}

setup("a wrong password is refused with a message", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill(e2eEmail("admin"));
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Wrong email or password" })).toBeVisible();
});
