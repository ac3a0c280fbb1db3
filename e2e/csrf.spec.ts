import { expect, test } from "@playwright/test";
import Database from "better-sqlite3";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { E2E_DATA_DIR, E2E_PORT, storageStateOf } from "./env";

// CSRF: a page on another loopback port is the same *site* as the console (SameSite=Lax sends
// the session cookie), so only the routes' own checks stand between it and a state change.
const CONSOLE = `http://127.0.0.1:${E2E_PORT}`;

/** Counts of everything a forged request could change (every state change is also audited). */
function state() {
  const db = new Database(join(E2E_DATA_DIR, "control.sqlite"), { readonly: true, fileMustExist: true });
  try {
    const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    return {
      audit: n(`select count(*) as n from AuditEvent`),
      decisions: n(`select count(*) as n from PairDecision`),
      users: n(`select count(*) as n from User`),
      triggers: n(`select count(*) as n from Trigger`),
      pending: n(`select count(*) as n from Trigger where status = 'PENDING'`),
      runs: n(`select count(*) as n from Run`),
      promoted: (db.prepare(`select id from Version where status = 'PROMOTED'`).get() as { id: string } | undefined)?.id ?? null,
    };
  } finally {
    db.close();
  }
}

function pendingTriggerId(): number {
  const db = new Database(join(E2E_DATA_DIR, "control.sqlite"), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare(`select id from Trigger where status = 'PENDING' order by id limit 1`).get() as { id: number }).id;
  } finally {
    db.close();
  }
}

let evil: Server;
let evilOrigin: string;

test.beforeAll(async () => {
  evil = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end("<!doctype html><title>not the console</title><p>hello</p>");
  });
  await new Promise<void>((r) => evil.listen(0, "127.0.0.1", r));
  evilOrigin = `http://127.0.0.1:${(evil.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise((r) => evil.close(r));
});

for (const role of ["steward", "admin"] as const) {
  test(`CSRF: a page on another port cannot make a signed-in ${role} change anything through /api`, async ({ browser }) => {
    const context = await browser.newContext({ storageState: storageStateOf(role) });
    const page = await context.newPage();
    // Bodies that would succeed for this role if the route trusted the cookie alone.
    const posts: { path: string; body: unknown }[] = [
      { path: "/api/decisions", body: { giId: `CSRF-G-${role}`, thId: `CSRF-T-${role}`, decision: "MATCH" } },
      { path: "/api/triggers", body: { source: "gi", storeId: `CSRF-STORE-${role}`, reason: "forged" } },
      { path: "/api/triggers/decide", body: { ids: [pendingTriggerId()], decision: "REJECTED" } },
      { path: "/api/runs", body: { kind: "TARGETED" } },
      { path: "/api/runs/no-such-run/cancel", body: {} },
      { path: "/api/versions/promote", body: { version: "v1" } },
      { path: "/api/users", body: { email: `csrf-${role}@evil.local`, role: "admin" } },
    ];
    const before = state();
    const statuses: { url: string; method: string; status: number }[] = [];
    page.on("response", (r) => {
      if (r.url().startsWith(CONSOLE)) statuses.push({ url: r.url(), method: r.request().method(), status: r.status() });
    });
    await page.goto(evilOrigin);
    const outcomes = await page.evaluate(
      async ({ base, posts }) => {
        const out: string[] = [];
        for (const p of posts) {
          // A "simple" request: sent without a preflight, with the cookie.
          await fetch(base + p.path, { method: "POST", mode: "no-cors", credentials: "include", headers: { "Content-Type": "text/plain" }, body: JSON.stringify(p.body) })
            .then(() => out.push(`${p.path} text/plain sent`), (e: Error) => out.push(`${p.path} text/plain ${e.message}`));
          // Declared JSON: needs a CORS preflight, which the console never grants.
          await fetch(base + p.path, { method: "POST", mode: "cors", credentials: "include", headers: { "Content-Type": "application/json" }, body: JSON.stringify(p.body) })
            .then((r) => out.push(`${p.path} json readable ${r.status}`), () => out.push(`${p.path} json blocked`));
        }
        return out;
      },
      { base: CONSOLE, posts },
    );
    // Every text/plain POST reached the server and was refused; no JSON POST was readable.
    const postsSeen = statuses.filter((s) => s.method === "POST");
    expect(postsSeen.length, JSON.stringify(outcomes)).toBeGreaterThanOrEqual(posts.length);
    for (const s of postsSeen) expect(s.status, `${s.method} ${s.url}`).toBe(403);
    expect(outcomes.filter((o) => o.includes("json readable"))).toEqual([]);
    expect(state()).toEqual(before);
    await context.close();
  });
}

test("the console's own pages still reach the routes (same origin, JSON)", async ({ browser }) => {
  const context = await browser.newContext({ storageState: storageStateOf("steward") });
  const page = await context.newPage();
  await page.goto("/");
  const status = await page.evaluate(async () => {
    const r = await fetch("/api/decisions", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ giId: "G", thId: "T", decision: "MAYBE" }) });
    return r.status;
  });
  expect(status).toBe(400); // past the origin and permission checks, refused by validation
  await context.close();
});
