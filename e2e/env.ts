import { tmpdir } from "node:os";
import { join } from "node:path";

/** The e2e workspace: global-setup fills it with generated data; the console reads it. */
export const E2E_DATA_DIR = process.env.STOREMATCH_E2E_DATA_DIR ?? join(tmpdir(), "storematch-e2e");
export const E2E_PORT = Number(process.env.STOREMATCH_E2E_PORT ?? 3210);
