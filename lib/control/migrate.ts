import Database from "better-sqlite3";
import { createHash, randomUUID } from "node:crypto";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

/**
 * Apply the committed Prisma migrations (prisma/migrations/*) that a control-plane file lacks,
 * recording them in _prisma_migrations exactly as `prisma migrate deploy` does (same table,
 * sha256 checksums), so both tools agree. In-process and atomic: BEGIN IMMEDIATE serializes
 * concurrent processes, and a failed migration rolls back whole.
 */
export function applyMigrations(file: string, migrationsDir: string): string[] {
  const db = new Database(file, { timeout: 15_000 });
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("busy_timeout = 15000");
    const applied: string[] = [];
    const run = db.transaction(() => {
      db.exec(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
        "id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME,
        "migration_name" TEXT NOT NULL, "logs" TEXT, "rolled_back_at" DATETIME,
        "started_at" DATETIME NOT NULL DEFAULT current_timestamp, "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0)`);
      const done = new Set(
        (db.prepare(`SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`).all() as { migration_name: string }[]).map((r) => r.migration_name),
      );
      const names = readdirSync(migrationsDir).filter((d) => existsSync(join(migrationsDir, d, "migration.sql"))).sort();
      for (const name of names) {
        if (done.has(name)) continue;
        const sql = readFileSync(join(migrationsDir, name, "migration.sql"), "utf8");
        const started = new Date().toISOString();
        db.exec(sql);
        db.prepare(`INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES (?, ?, ?, ?, ?, 1)`)
          .run(randomUUID(), createHash("sha256").update(sql).digest("hex"), new Date().toISOString(), name, started);
        applied.push(name);
      }
    });
    run.immediate();
    return applied;
  } finally {
    db.close();
  }
}
