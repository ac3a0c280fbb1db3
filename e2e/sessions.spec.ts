import { expect, request, test, type Browser } from "@playwright/test";
import { loadConfig } from "../lib/config";
import { closeControl, control } from "../lib/control/db";
import { addUser, disableUser, enableUser, setUserRole } from "../lib/control/users";
import { E2E_DATA_DIR, E2E_PORT } from "./env";

// A session token copied before a sign-out (or a disable, role or password change) must be
// worthless afterwards, not good for the rest of its 8 hours.
const BASE = `http://127.0.0.1:${E2E_PORT}`;
const db = () => control(loadConfig({ STOREMATCH_DATA_DIR: E2E_DATA_DIR }));
test.afterAll(() => closeControl());

/** Sign in through the form in a fresh context; returns the context and a copy of its cookies. */
async function signIn(browser: Browser, email: string, password: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByTestId("signed-in-as")).toHaveText(email);
  return { context, page, stolen: await context.storageState() };
}

/** What /api/me answers to a replayed copy of the cookies. */
async function replay(stolen: Awaited<ReturnType<typeof signIn>>["stolen"]): Promise<number> {
  const api = await request.newContext({ baseURL: BASE, storageState: stolen });
  const status = (await api.get("/api/me")).status();
  await api.dispose();
  return status;
}

test("a session token replayed after sign-out is refused", async ({ browser }) => {
  const { password } = await addUser(db(), { email: "signout@e2e.local", role: "steward" }, "e2e");
  const { context, page, stolen } = await signIn(browser, "signout@e2e.local", password);
  expect(await replay(stolen)).toBe(200);
  await page.getByRole("link", { name: "Sign out" }).click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).not.toHaveURL(/signout/);
  expect(await replay(stolen)).toBe(401);
  await context.close();
});

test("disabling, re-enabling and a role change each end the user's sessions; the old password stays dead", async ({ browser }) => {
  const { password } = await addUser(db(), { email: "revoked@e2e.local", role: "analyst" }, "e2e");
  const first = await signIn(browser, "revoked@e2e.local", password);
  await disableUser(db(), "revoked@e2e.local", "admin@e2e.local");
  expect(await replay(first.stolen)).toBe(401);
  const { password: fresh } = await enableUser(db(), "revoked@e2e.local", "admin@e2e.local");
  expect(await replay(first.stolen)).toBe(401);
  await first.page.goto("/login");
  await first.page.getByLabel("Email").fill("revoked@e2e.local");
  await first.page.getByLabel("Password").fill(password);
  await first.page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(first.page.locator("form p[role=alert]")).toContainText("Wrong email or password");
  await first.context.close();

  const second = await signIn(browser, "revoked@e2e.local", fresh!);
  expect(await replay(second.stolen)).toBe(200);
  await setUserRole(db(), "revoked@e2e.local", "steward", "admin@e2e.local");
  expect(await replay(second.stolen)).toBe(401);
  await second.context.close();
});

test("changing your password on the account page ends your other sessions and needs the current password", async ({ browser }) => {
  const { password } = await addUser(db(), { email: "changer@e2e.local", role: "analyst" }, "e2e");
  const elsewhere = await signIn(browser, "changer@e2e.local", password);
  const { context, page } = await signIn(browser, "changer@e2e.local", password);
  await page.getByTestId("signed-in-as").click();
  await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
  const form = page.getByRole("form", { name: "Change password" });
  await form.getByLabel("Current password").fill("not my password");
  await form.getByLabel("New password (at least 12 characters)").fill("my new long password");
  await form.getByLabel("New password again").fill("my new long password");
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(form.getByRole("alert")).toHaveText("current password is not right");
  await form.getByLabel("Current password").fill(password);
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(page).toHaveURL(/\/login\?next=%2Faccount|\/login\?next=\/account/);
  expect(await replay(elsewhere.stolen)).toBe(401);
  await elsewhere.context.close();
  await context.close();
  const again = await signIn(browser, "changer@e2e.local", "my new long password");
  await again.context.close();
});
