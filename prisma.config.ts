// Prisma CLI config: the JS engine with a driver adapter, so that nothing (no schema or query
// engine binary) is downloaded. The provider follows DATABASE_URL like the app does
// (lib/control/provider.ts): a postgresql:// URL selects prisma/postgres (schema and migrations)
// and the pg adapter; unset, the workspace's SQLite file with prisma/sqlite.
import path from "node:path";
import { defineConfig } from "prisma/config";

const url = process.env.DATABASE_URL?.trim() || null;
const postgres = url !== null && /^postgres(ql)?:\/\//i.test(url);
if (url !== null && !postgres) throw new Error(`DATABASE_URL must be a postgresql:// URL (or unset for the workspace's SQLite file), got "${url.split(":")[0]}:…"`);
const dir = path.join("prisma", postgres ? "postgres" : "sqlite");
const dataDir = path.resolve(process.env.STOREMATCH_DATA_DIR ?? "./data");

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join(dir, "schema.prisma"),
  migrations: { path: path.join(dir, "migrations") },
  async adapter() {
    if (postgres) {
      const { migrateAdapter } = await import("./lib/control/pg-migrate-adapter");
      return migrateAdapter(url!);
    }
    const fs = await import("node:fs");
    fs.mkdirSync(dataDir, { recursive: true });
    const { PrismaBetterSQLite3 } = await import("@prisma/adapter-better-sqlite3");
    return new PrismaBetterSQLite3({ url: `file:${path.join(dataDir, "control.sqlite")}` });
  },
});
