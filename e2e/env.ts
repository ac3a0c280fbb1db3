import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import type { Page } from "@playwright/test";
import { join } from "node:path";

/**
 * The e2e workspace: global-setup fills it with generated data; the console reads it. A new
 * folder per run (a fixed path collided with a leftover or concurrent run), made once by the
 * runner process when it loads the config; the workers it forks inherit the variable. Give
 * STOREMATCH_E2E_DATA_DIR to choose the folder yourself (it is emptied, and kept afterwards).
 */
export const E2E_DATA_DIR_CHOSEN = Boolean(process.env.STOREMATCH_E2E_DATA_DIR) && !process.env.STOREMATCH_E2E_DATA_DIR_MADE;
if (!process.env.STOREMATCH_E2E_DATA_DIR) {
  process.env.STOREMATCH_E2E_DATA_DIR = mkdtempSync(join(tmpdir(), "storematch-e2e-"));
  process.env.STOREMATCH_E2E_DATA_DIR_MADE = "1";
}
export const E2E_DATA_DIR = process.env.STOREMATCH_E2E_DATA_DIR;
/** The e2e workspace's own copy of the dbt project: the healing story edits its legal-forms seed. */
export const E2E_DBT_DIR = join(E2E_DATA_DIR, "dbt");
export const E2E_PORT = Number(process.env.STOREMATCH_E2E_PORT ?? 3210);

/** Test accounts made by global-setup (a fixture of this throwaway workspace, not a secret). */
export const E2E_PASSWORD = "e2e-password-not-secret";
export const ROLES_E2E = ["analyst", "steward", "admin"] as const;
export const e2eEmail = (role: string) => `${role}@e2e.local`;
export const storageStateOf = (role: string) => `e2e/.auth/${role}.json`;

/** Save a full-page screenshot under e2e/screenshots/ (gitignored; look at them). */
export const screenshot = (page: Page, name: string) => page.screenshot({ path: join(import.meta.dirname, "screenshots", `${name}.png`), fullPage: true });
