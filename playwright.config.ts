import { defineConfig } from "@playwright/test";
import { E2E_DATA_DIR, E2E_DBT_DIR, E2E_PORT as PORT } from "./e2e/env";

export default defineConfig({
  testDir: "e2e",
  globalSetup: "./e2e/global-setup.ts",
  projects: [
    { name: "setup", testMatch: /auth\.setup\.ts/ },
    { name: "console", testMatch: /.*\.spec\.ts/, testIgnore: /healing\.spec\.ts/, dependencies: ["setup"] },
    // The healing story changes the workspace (a fix, a run, a promotion): it goes last.
    { name: "healing", testMatch: /healing\.spec\.ts/, dependencies: ["console"] },
  ],
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  timeout: 60_000,
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    browserName: "chromium",
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      // Debian's Chromium; Playwright's own browser download is not reachable here.
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  webServer: {
    command: `npx next build && npx next start -p ${PORT} -H 127.0.0.1`,
    url: `http://127.0.0.1:${PORT}`,
    timeout: 240_000,
    reuseExistingServer: false,
    env: { STOREMATCH_DATA_DIR: E2E_DATA_DIR, STOREMATCH_DBT_DIR: E2E_DBT_DIR, NEXT_TELEMETRY_DISABLED: "1", NEXTAUTH_URL: `http://127.0.0.1:${PORT}` },
    stdout: "ignore",
    stderr: "pipe",
  },
});
