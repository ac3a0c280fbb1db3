// Prisma CLI config: the JS engine with the better-sqlite3 driver adapter, so that nothing
// (no schema or query engine binary) is downloaded. The file is the workspace's control plane.
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { defineConfig } from "prisma/config";

const dataDir = path.resolve(process.env.STOREMATCH_DATA_DIR ?? "./data");

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  async adapter() {
    const fs = await import("node:fs");
    fs.mkdirSync(dataDir, { recursive: true });
    return new PrismaBetterSQLite3({ url: `file:${path.join(dataDir, "control.sqlite")}` });
  },
});
