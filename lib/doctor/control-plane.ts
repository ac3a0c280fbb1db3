import Database from "better-sqlite3";
import { existsSync } from "node:fs";
import type { Config } from "../config";
import { committedMigrations, redactUrl } from "../control/migrate";
import { fail, firstLine, info, ok, type CheckResult } from "./check";

const NAME = "control plane";
const APPLIED_SQL = `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
const MIGRATE = "run `bash scripts/prisma.sh migrate deploy` (or any storematch command: the first connection applies them)";

/** Compare what the database recorded with the migrations committed for its provider. */
function migrationsResult(config: Config, where: string, applied: string[] | null): CheckResult {
  const committed = committedMigrations(config);
  if (applied === null) return info(NAME, `${where}: reachable, no tables yet (the first command applies all ${committed.length} migrations)`);
  const have = new Set(applied);
  const pending = committed.filter((m) => !have.has(m));
  const unknown = applied.filter((m) => !committed.includes(m));
  if (pending.length) return fail(NAME, `${where}: ${pending.length} migration(s) pending: ${pending.join(", ")}`, MIGRATE);
  if (unknown.length) return fail(NAME, `${where}: applied migration(s) this checkout does not have: ${unknown.join(", ")} (a newer storematch migrated it)`, "update this checkout to the version that migrated it");
  return ok(NAME, `${where}: reachable, all ${committed.length} migrations applied`);
}

/** The control plane: the SQLite file (read-only) or PostgreSQL (DATABASE_URL) answers, and its migrations are all applied. Changes nothing. */
export async function checkControlPlane(config: Config, timeoutMs: number): Promise<CheckResult> {
  const cp = config.controlPlane;
  if (cp.provider === "sqlite") {
    const where = `SQLite ${cp.file}`;
    if (!existsSync(cp.file)) return info(NAME, `${where}: not created yet (the first command creates it with all ${committedMigrations(config).length} migrations)`);
    try {
      const db = new Database(cp.file, { readonly: true, fileMustExist: true, timeout: timeoutMs });
      try {
        const has = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'`).get();
        const applied = has ? (db.prepare(APPLIED_SQL).all() as { migration_name: string }[]).map((r) => r.migration_name) : null;
        return migrationsResult(config, where, applied);
      } finally {
        db.close();
      }
    } catch (e) {
      return fail(NAME, `${where} does not open: ${firstLine(e)}`, "check the file's permissions (it belongs to the workspace's owner), or move it away to start a new control plane");
    }
  }

  const where = `PostgreSQL ${redactUrl(cp.url)}`;
  const { Client } = (await import("pg")).default;
  const client = new Client({ connectionString: cp.url, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs, statement_timeout: timeoutMs });
  client.on("error", () => undefined); // a dropped connection after the check is not the check's failure
  try {
    await client.connect();
  } catch (e) {
    const code = (e as { code?: string }).code;
    const msg = firstLine(e);
    if (code === "3D000") return info(NAME, `${where}: the database does not exist yet (the first command creates it; its user needs CREATEDB)`, "or create it: `createdb` with the name in DATABASE_URL");
    if (code === "28P01" || code === "28000") return fail(NAME, `${where}: authentication failed: ${msg}`, "check the user and password in DATABASE_URL (and pg_hba.conf on the server)");
    if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|timeout/i.test(`${code} ${msg}`))
      return fail(NAME, `${where}: cannot reach it: ${msg}`, "check the host and port in DATABASE_URL, and that PostgreSQL is running and accepts connections from here");
    return fail(NAME, `${where}: cannot connect: ${msg}`, "check DATABASE_URL (postgresql://user:password@host:port/database)");
  }
  try {
    const t = await client.query<{ t: string | null }>(`SELECT to_regclass('"_prisma_migrations"') AS t`);
    const applied = t.rows[0]?.t ? (await client.query<{ migration_name: string }>(APPLIED_SQL)).rows.map((r) => r.migration_name) : null;
    return migrationsResult(config, where, applied);
  } catch (e) {
    return fail(NAME, `${where}: connected, but reading its migrations failed: ${firstLine(e)}`, "check that DATABASE_URL's user may read the storematch tables");
  } finally {
    await client.end().catch(() => undefined);
  }
}
