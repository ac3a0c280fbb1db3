import { expect, request, test } from "@playwright/test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { actionError } from "../lib/actions/result";
import { callAction } from "./actions";
import { E2E_DATA_DIR, E2E_PORT, ROLES_E2E, storageStateOf } from "./env";

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
  { method: "GET", path: "/api/runs/no-such-run", allowed: ["analyst", "steward", "admin"], allowedStatus: 404 },
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

// Every server action, called directly (POST with its Next-Action id) for each role. Allowed
// calls send input the action refuses after its permission check (a validation error or a
// not-found), so the matrix changes no data; refused calls get the permission message.
interface ActionCase {
  action: string;
  input: unknown;
  allowed: Role[];
  permission: string;
  /** What an allowed role gets back: the validation or domain error that proves the action ran its checks. */
  allowedError: RegExp;
}

const actions: ActionCase[] = [
  { action: "decideTriggersAction", input: { decision: "APPROVED", ids: [999999] }, allowed: ["steward", "admin"], permission: "triggers.approve", allowedError: /no trigger with id 999999/ },
  { action: "createTriggerAction", input: { source: "gi", storeId: "", reason: "a reason" }, allowed: ["steward", "admin"], permission: "triggers.create", allowedError: /^storeId: is empty/ },
  { action: "runScanAction", input: { unexpected: 1 }, allowed: ["steward", "admin"], permission: "scan.run", allowedError: /unexpected|Unrecognized/i },
  { action: "setPairDecisionAction", input: { giId: "G", thId: "T", decision: "MAYBE" }, allowed: ["steward", "admin"], permission: "decisions.write", allowedError: /^decision: / },
  { action: "decideReviewPairsAction", input: { decision: "MATCH", version: "not-a-version", filter: {}, expected: 1 }, allowed: ["steward", "admin"], permission: "decisions.write", allowedError: /^version: must be a version id like v3/ },
  { action: "removePairDecisionAction", input: { giId: "no-such-gi", thId: "no-such-th" }, allowed: ["steward", "admin"], permission: "decisions.write", allowedError: /no decision on GI no-such-gi/ },
  { action: "launchTargetedRunAction", input: { reason: "x" }, allowed: ["steward", "admin"], permission: "runs.launch.targeted", allowedError: /^reason: needs a few words/ },
  { action: "launchFullRefreshAction", input: { reason: "" }, allowed: ["admin"], permission: "runs.launch.full", allowedError: /^reason: needs a few words/ },
  { action: "cancelRunAction", input: { runId: "no-such-run" }, allowed: ["steward", "admin"], permission: "runs.cancel", allowedError: /no run with id no-such-run/ },
  { action: "promoteVersionAction", input: { version: "v999" }, allowed: ["admin"], permission: "versions.promote", allowedError: /no version "v999"/ },
  { action: "addUserAction", input: { email: "not-an-email", role: "analyst" }, allowed: ["admin"], permission: "users.manage", allowedError: /^email: is not an email address/ },
  { action: "resetPasswordAction", input: { email: "nobody@e2e.local" }, allowed: ["admin"], permission: "users.manage", allowedError: /no user with email nobody@e2e.local/ },
  { action: "changePasswordAction", input: { current: "", next: "long enough password" }, allowed: ["analyst", "steward", "admin"], permission: "account.password", allowedError: /^current: is empty/ },
  { action: "updateUserAction", input: { change: "disable", email: "nobody@e2e.local" }, allowed: ["admin"], permission: "users.manage", allowedError: /no user with email nobody@e2e.local/ },
];


for (const role of ROLES_E2E) {
  test(`server action matrix: ${role}`, async () => {
    const api = await request.newContext({ baseURL: `http://127.0.0.1:${E2E_PORT}`, storageState: storageStateOf(role) });
    for (const c of actions) {
      const r = await callAction(api, c.action, c.input);
      const msg = actionError(r) ?? "";
      expect(r.data, `${role} ${c.action} must not succeed with refused input`).toBeUndefined();
      if (c.allowed.includes(role)) expect(msg, `${role} ${c.action}`).toMatch(c.allowedError);
      else expect(msg, `${role} ${c.action}`).toBe(`your role (${role}) may not ${c.permission}: that needs ${c.allowed[0]}`);
    }
    await api.dispose();
  });
}

test("without a session every server action answers 'sign in first'", async () => {
  const api = await request.newContext({ baseURL: `http://127.0.0.1:${E2E_PORT}` });
  for (const c of actions) expect((await callAction(api, c.action, c.input)).serverError, c.action).toBe("sign in first");
  await api.dispose();
});

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

test("nothing secret reaches the browser: no password hash, no session secret, on any page or route", async () => {
  const secret = readFileSync(join(E2E_DATA_DIR, ".session-secret"), "utf8").trim();
  expect(secret.length).toBeGreaterThan(16);
  const api = await request.newContext({ baseURL: `http://127.0.0.1:${E2E_PORT}`, storageState: storageStateOf("admin") });
  const paths = ["/", "/failures", "/stores?q=a", "/review", "/model", "/triggers", "/runs", "/versions", "/audit", "/users", "/api/users", "/api/me", "/api/audit", "/api/runs"];
  for (const path of paths) {
    const res = await api.get(path);
    expect(res.status(), path).toBe(200);
    const body = await res.text();
    expect(body, path).not.toMatch(/\$2[aby]\$\d\d\$/); // a bcrypt hash
    expect(body, path).not.toContain(secret);
    expect(body, path).not.toMatch(/passwordHash/);
  }
  await api.dispose();
});
