import { join, resolve } from "node:path";
import { loadConfig } from "../lib/config";
import { ensureMigrated } from "../lib/control/migrate";
import { PG_TEMPLATE_DB, startTestPostgres } from "./postgres";

/**
 * vitest globalSetup of the PostgreSQL pass (STOREMATCH_TEST_PROVIDER=postgres): one throwaway
 * server for the run; each test workspace gets its own database on it (tests/helpers.ts,
 * controlPlaneEnv), a copy of a template database that the app itself created and migrated
 * here, once (its path for a new PostgreSQL control plane: create the database, `prisma migrate
 * deploy`). `migrate deploy` takes about 13 s on PostgreSQL; `CREATE DATABASE … TEMPLATE` 0.2 s.
 */
export default async function setup(): Promise<() => void> {
  const pg = await startTestPostgres();
  try {
    await ensureMigrated(loadConfig({ STOREMATCH_ROOT: resolve(import.meta.dirname, ".."), STOREMATCH_DATA_DIR: join(pg.dir, "template-workspace"), DATABASE_URL: `${pg.baseUrl}/${PG_TEMPLATE_DB}` }));
  } catch (e) {
    pg.stop();
    throw e;
  }
  process.env.STOREMATCH_TEST_PG_URL = pg.baseUrl;
  process.env.STOREMATCH_TEST_PG_TEMPLATE = PG_TEMPLATE_DB;
  console.log(`[postgres] test server at ${pg.baseUrl} (data in ${pg.dir}); workspaces copy the migrated database ${PG_TEMPLATE_DB}`);
  return () => pg.stop();
}
