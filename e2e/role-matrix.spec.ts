import { expect, request, test } from "@playwright/test";
import { E2E_PORT, ROLES_E2E, storageStateOf } from "./env";

// Every route handler, called directly for each role: allowed, or refused with 403.
// Allowed calls send input the route refuses after its permission check (400/404/409), so
// the matrix proves the server-side check without changing data.
type Role = (typeof ROLES_E2E)[number];
interface Case {
  method: "GET" | "POST";
  path: string;
  body?: unknown;
  allowed: Role[];
  allowedStatus: number;
}

const cases: Case[] = [
  { method: "GET", path: "/api/runs", allowed: ["analyst", "steward", "admin"], allowedStatus: 200 },
  { method: "GET", path: "/api/versions", allowed: ["analyst", "steward", "admin"], allowedStatus: 200 },
  { method: "GET", path: "/api/triggers", allowed: ["analyst", "steward", "admin"], allowedStatus: 200 },
  { method: "POST", path: "/api/triggers", body: { source: "xx", storeId: "", reason: "" }, allowed: ["steward", "admin"], allowedStatus: 400 },
  { method: "POST", path: "/api/triggers/decide", body: { ids: [999999], decision: "APPROVED" }, allowed: ["steward", "admin"], allowedStatus: 404 },
  { method: "POST", path: "/api/decisions", body: { giId: "G", thId: "T", decision: "MAYBE" }, allowed: ["steward", "admin"], allowedStatus: 400 },
  { method: "POST", path: "/api/runs", body: { kind: "TARGETED" }, allowed: ["steward", "admin"], allowedStatus: 409 },
  { method: "POST", path: "/api/runs", body: { kind: "FULL_REFRESH" }, allowed: ["admin"], allowedStatus: 400 },
  { method: "POST", path: "/api/runs/no-such-run/cancel", allowed: ["steward", "admin"], allowedStatus: 404 },
  { method: "POST", path: "/api/versions/promote", body: { version: "v999" }, allowed: ["admin"], allowedStatus: 404 },
  { method: "GET", path: "/api/audit", allowed: ["admin"], allowedStatus: 200 },
  { method: "GET", path: "/api/users", allowed: ["admin"], allowedStatus: 200 },
  { method: "POST", path: "/api/users", body: { email: "not-an-email", role: "analyst" }, allowed: ["admin"], allowedStatus: 400 },
];

for (const role of ROLES_E2E) {
  test(`role matrix: ${role}`, async () => {
    const api = await request.newContext({ baseURL: `http://127.0.0.1:${E2E_PORT}`, storageState: storageStateOf(role) });
    const me = await api.get("/api/me");
    expect(await me.json()).toMatchObject({ role });
    for (const c of cases) {
      const res = c.method === "GET" ? await api.get(c.path) : await api.post(c.path, { data: c.body ?? {} });
      const expected = c.allowed.includes(role) ? c.allowedStatus : 403;
      expect(res.status(), `${role} ${c.method} ${c.path}: ${await res.text()}`).toBe(expected);
    }
    await api.dispose();
  });
}

test("without a session every route answers 401 and pages send you to sign in", async ({ page }) => {
  const api = await request.newContext({ baseURL: `http://127.0.0.1:${E2E_PORT}` });
  for (const c of cases) {
    const res = c.method === "GET" ? await api.get(c.path) : await api.post(c.path, { data: c.body ?? {} });
    expect(res.status(), `${c.method} ${c.path}`).toBe(401);
  }
  await api.dispose();
  await page.goto("/");
  await expect(page).toHaveURL(/\/login/);
});
