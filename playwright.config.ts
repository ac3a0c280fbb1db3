import { defineConfig } from "@playwright/test";
import { E2E_PORT as PORT } from "./e2e/env";

export default defineConfig({
  testDir: "e2e",
  // Makes the workspace, then builds and starts the console on it (not `webServer`, which
  // Playwright starts before global setup), and stops it after the run.
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
});
