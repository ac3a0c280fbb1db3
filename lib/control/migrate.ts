import Database from "better-sqlite3";
import { execFile } from "node:child_process";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Config, ControlPlane } from "../config";
import { AppError } from "./errors";

/** prisma/<provider>: that provider's schema.prisma and migrations/ (applied by `prisma migrate deploy`). */
export const providerDir = (config: Config) => join(config.root, "prisma", config.controlPlane.provider === "postgresql" ? "postgres" : "sqlite");

/** The committed migrations of the control plane's provider, oldest first. */
export function committedMigrations(config: Config): string[] {
  const dir = join(providerDir(config), "migrations");
  return readdirSync(dir).filter((d) => existsSync(join(dir, d, "migration.sql"))).sort();
}

const APPLIED_SQL = `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;

/** The migrations recorded as applied (none when the database or its _prisma_migrations table does not exist yet). */
export async function appliedMigrations(cp: ControlPlane): Promise<string[]> {
  if (cp.provider === "sqlite") {
    if (!existsSync(cp.file)) return [];
    const db = new Database(cp.file, { readonly: true, timeout: 15_000 });
    try {
      const has = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'`).get();
      return has ? (db.prepare(APPLIED_SQL).all() as { migration_name: string }[]).map((r) => r.migration_name) : [];
    } finally {
      db.close();
    }
  }
  const { Client } = (await import("pg")).default;
  const client = new Client({ connectionString: cp.url });
  try {
    await client.connect();
  } catch (e) {
    if ((e as { code?: string }).code === "3D000") return []; // no such database: created below
    throw new AppError("INTERNAL", `cannot reach the PostgreSQL control plane (DATABASE_URL, ${redactUrl(cp.url)}): ${(e as Error).message}`);
  }
  try {
    const t = await client.query(`SELECT to_regclass('"_prisma_migrations"') AS t`);
    if (!t.rows[0]?.t) return [];
    return (await client.query<{ migration_name: string }>(APPLIED_SQL)).rows.map((r) => r.migration_name);
  } finally {
    await client.end();
  }
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "an unparsable URL";
  }
}

/** Create the PostgreSQL database of DATABASE_URL when it does not exist (like SQLite creates its file). */
async function createDatabaseIfMissing(url: string): Promise<void> {
  const { Client } = (await import("pg")).default;
  const probe = new Client({ connectionString: url });
  try {
    await probe.connect();
    await probe.end();
    return;
  } catch (e) {
    if ((e as { code?: string }).code !== "3D000") throw e;
  }
  const u = new URL(url);
  const name = decodeURIComponent(u.pathname.replace(/^\//, ""));
  u.pathname = "/postgres";
  const admin = new Client({ connectionString: u.toString() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } catch (e) {
    if ((e as { code?: string }).code !== "42P04") throw new AppError("INTERNAL", `cannot create the control-plane database "${name}" (DATABASE_URL): ${(e as Error).message}`); // 42P04: made meanwhile
  } finally {
    await admin.end();
  }
}

/**
 * Run `prisma migrate deploy` (prisma/<provider>/migrations) against the config's control plane.
 * Serialized: on SQLite by a lock file in the workspace (flock), on PostgreSQL by Prisma's own
 * advisory lock, so processes opening a new workspace at once apply each migration once.
 */
export async function migrateDeploy(config: Config): Promise<string> {
  const cp = config.controlPlane;
  if (cp.provider === "postgresql") await createDatabaseIfMissing(cp.url);
  const placeholder = join(config.root, "node_modules", ".prisma-no-engine");
  if (!existsSync(placeholder)) writeFileSync(placeholder, "");
  const prismaCli = join(config.root, "node_modules", "prisma", "build", "index.js");
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: process.env.TMPDIR,
    PRISMA_SCHEMA_ENGINE_BINARY: placeholder, PRISMA_QUERY_ENGINE_LIBRARY: placeholder,
    PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1", PRISMA_HIDE_PREVIEW_FLAG_WARNINGS: "1",
    STOREMATCH_DATA_DIR: config.dataDir,
    ...(cp.provider === "postgresql" ? { DATABASE_URL: cp.url } : {}),
  };
  const [cmd, args] = cp.provider === "sqlite"
    ? ["flock", [join(config.dataDir, ".migrate.lock"), process.execPath, prismaCli, "migrate", "deploy"]]
    : [process.execPath, [prismaCli, "migrate", "deploy"]];
  return new Promise((resolve, reject) => {
    execFile(cmd, args as string[], { cwd: config.root, env: env as NodeJS.ProcessEnv, encoding: "utf8", timeout: 300_000 }, (err, stdout, stderr) => {
      if (err) reject(new AppError("INTERNAL", `prisma migrate deploy failed on the ${cp.provider} control plane: ${(stderr || stdout || err.message).trim().split("\n").slice(-5).join(" | ")}`));
      else resolve(stdout);
    });
  });
}

/** Bring the control plane up to the committed migrations, spawning `prisma migrate deploy` only when one is missing. */
export async function ensureMigrated(config: Config): Promise<void> {
  const applied = new Set(await appliedMigrations(config.controlPlane));
  if (committedMigrations(config).every((m) => applied.has(m))) return;
  await migrateDeploy(config);
}
