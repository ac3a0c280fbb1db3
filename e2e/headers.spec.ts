import { expect, request, test } from "@playwright/test";
import { E2E_PORT, storageStateOf } from "./env";

const BASE = `http://127.0.0.1:${E2E_PORT}`;

test("every response carries the security headers: CSP (no framing), nosniff, referrer policy", async () => {
  const api = await request.newContext({ baseURL: BASE, storageState: storageStateOf("analyst") });
  for (const path of ["/", "/login", "/failures", "/api/me"]) {
    const h = (await api.get(path)).headers();
    expect(h["content-security-policy"], path).toMatch(/frame-ancestors 'none'/);
    expect(h["content-security-policy"], path).toMatch(/default-src 'self'/);
    expect(h["x-content-type-options"], path).toBe("nosniff");
    expect(h["referrer-policy"], path).toBe("same-origin");
  }
  await api.dispose();
});

test("the console cannot be framed by another page", async ({ page }) => {
  await page.setContent(`<iframe id="f" src="${BASE}/login" width="400" height="300"></iframe>`);
  await page.waitForTimeout(1500);
  const frame = page.frames().find((f) => f.url().startsWith(BASE));
  // Chromium blocks the document: the frame never gets the login form.
  const hasForm = frame ? await frame.locator("form").count().catch(() => 0) : 0;
  expect(hasForm).toBe(0);
});

test("a route refuses a body above its size limit with 413, before reading it all", async () => {
  const api = await request.newContext({ baseURL: BASE, storageState: storageStateOf("steward") });
  const res = await api.post("/api/decisions", { data: { giId: "G".repeat(400_000), thId: "T", decision: "MATCH" } });
  expect(res.status()).toBe(413);
  expect(await res.json()).toEqual({ error: { code: "TOO_LARGE", message: "the request body is larger than 262144 bytes" } });
  await api.dispose();
});
