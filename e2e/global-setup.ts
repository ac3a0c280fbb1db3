import { execFileSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { copyDbtProject, thinLegalFormTwins } from "../tests/helpers";
import { E2E_DATA_DIR, E2E_DBT_DIR, E2E_PASSWORD, e2eEmail, ROLES_E2E } from "./env";

/**
 * Fresh generated data, ingested and matched through the real CLI, for the console to read.
 * The workspace has its own copy of the dbt project whose legal-forms seed is emptied (the
 * "bug"), and TH knows the legal-form stores by name and city only (thinLegalFormTwins): the
 * learned model then cannot match them, LEGAL_FORM_NOISE leads the failures, and the healing
 * spec restores the seed (the fix).
 */
export default async function globalSetup(): Promise<void> {
  const root = resolve(import.meta.dirname, "..");
  rmSync(E2E_DATA_DIR, { recursive: true, force: true });
  copyDbtProject(E2E_DATA_DIR); // into E2E_DBT_DIR
  const seed = join(E2E_DBT_DIR, "seeds", "normalization", "legal_forms.csv");
  writeFileSync(seed, readFileSync(seed, "utf8").split("\n")[0] + "\n");
  const env = { ...process.env, STOREMATCH_DATA_DIR: E2E_DATA_DIR, STOREMATCH_DBT_DIR: E2E_DBT_DIR };
  const cli = (...args: string[]) => execFileSync(process.execPath, [join(root, "bin", "storematch.mjs"), ...args], { env, stdio: "pipe" });
  const input = join(E2E_DATA_DIR, "input");
  cli("generate", "--stores", "1200", "--seed", "9", "--out", input);
  await thinLegalFormTwins(input); // TH knows those stores by name and city only: see the helper
  cli("ingest", "--gi", join(input, "gi.csv"), "--th", join(input, "th.csv"));
  cli("run", "--quiet");
  cli("scan", "--as", "e2e-setup"); // PENDING triggers for the triggers page
  for (const role of ROLES_E2E) cli("users", "add", "--email", e2eEmail(role), "--role", role, "--password", E2E_PASSWORD, "--as", "e2e-setup");
}
