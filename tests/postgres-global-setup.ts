import { startTestPostgres } from "./postgres";

/**
 * vitest globalSetup of the PostgreSQL pass (STOREMATCH_TEST_PROVIDER=postgres): one throwaway
 * server for the run; each test workspace gets its own database on it (tests/helpers.ts,
 * controlPlaneEnv), created by the app on first connection.
 */
export default async function setup(): Promise<() => void> {
  const pg = await startTestPostgres();
  process.env.STOREMATCH_TEST_PG_URL = pg.baseUrl;
  console.log(`[postgres] test server at ${pg.baseUrl} (data in ${pg.dir})`);
  return () => pg.stop();
}
