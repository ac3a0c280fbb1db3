// Stand-in for Snowflake: fakesnow behind tests/support/fakesnow_proxy.py; `storematch doctor` connects to it with snowflake-sdk over loopback http.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DoctorReport } from "../../lib/doctor";
import { createServer } from "node:net";
import { cli, tempDir } from "../helpers";
import { startSnowflakeStandIn, type SnowflakeStandIn } from "../support/snowflake-proxy";

describe("storematch doctor on Snowflake (the fakesnow stand-in)", () => {
  let snow: SnowflakeStandIn;
  beforeAll(async () => {
    snow = await startSnowflakeStandIn();
  }, 120_000);
  afterAll(() => snow?.stop());

  it("connects with the SNOWFLAKE_* settings and reports the session's role and warehouse", async () => {
    const password = "fakesnow-takes-any-password";
    // dbt's `snowflake` profile has no host override: its dbt debug would look for the account on the
    // internet. A proxy on a closed loopback port keeps it here (and makes that check fail, as it must).
    const srv = createServer();
    await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
    const closed = (srv.address() as { port: number }).port;
    await new Promise<void>((r) => srv.close(() => r()));
    const proxy = `http://127.0.0.1:${closed}`;
    const r = cli(["doctor", "--json"], {
      ...snow.env, SNOWFLAKE_PASSWORD: password, STOREMATCH_DATA_DIR: join(tempDir(), "data"),
      HTTPS_PROXY: proxy, HTTP_PROXY: proxy, https_proxy: proxy, http_proxy: proxy, NO_PROXY: "127.0.0.1,localhost", no_proxy: "127.0.0.1,localhost",
    });
    const report = JSON.parse(r.stdout) as DoctorReport;
    const w = report.checks.find((c) => c.name === "warehouse")!;
    expect(w, `${w.message}\n${snow.log()}`).toMatchObject({ status: "ok" });
    expect(w.message).toMatch(new RegExp(`^Snowflake account fake at http://127\\.0\\.0\\.1:${snow.port} as fake: role APP, warehouse fake \\(emulator fakesnow: the configured role and warehouse, it has neither\\)$`));
    expect(r.stdout + r.stderr).not.toContain("NodeVersionSupportWarning");
    expect(r.stdout + r.stderr).not.toContain(password);
    expect(report.checks.find((c) => c.name === "dbt profile")).toMatchObject({ status: "fail", remedy: "check the SNOWFLAKE_DBT_* variables (or SNOWFLAKE_*) dbt runs with" });
    expect(r.code).toBe(1);
  }, 300_000);
});
