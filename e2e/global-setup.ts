import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { E2E_DATA_DIR, E2E_PASSWORD, e2eEmail, ROLES_E2E } from "./env";

/** Fresh generated data, ingested and matched through the real CLI, for the console to read. */
export default function globalSetup(): void {
  const root = resolve(import.meta.dirname, "..");
  rmSync(E2E_DATA_DIR, { recursive: true, force: true });
  const env = { ...process.env, STOREMATCH_DATA_DIR: E2E_DATA_DIR };
  const cli = (...args: string[]) => execFileSync(process.execPath, [join(root, "bin", "storematch.mjs"), ...args], { env, stdio: "pipe" });
  const input = join(E2E_DATA_DIR, "input");
  cli("generate", "--stores", "1200", "--seed", "9", "--out", input);
  cli("ingest", "--gi", join(input, "gi.csv"), "--th", join(input, "th.csv"));
  cli("run", "--quiet");
  cli("scan", "--as", "e2e-setup"); // PENDING triggers for the triggers page
  for (const role of ROLES_E2E) cli("users", "add", "--email", e2eEmail(role), "--role", role, "--password", E2E_PASSWORD, "--as", "e2e-setup");
}
