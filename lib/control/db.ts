import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { Prisma, PrismaClient } from "@prisma/client";
import { ensureReserve } from "../runner/space";
import { securePrivateDir } from "../workspace-files";
import { join } from "node:path";
import type { Config } from "../config";
import { applyMigrations } from "./migrate";

export type Tx = Prisma.TransactionClient;
export type Db = PrismaClient;

const clients = new Map<string, PrismaClient>();

export const controlFile = (config: Config) => join(config.dataDir, "control.sqlite");

/** The workspace's control plane (Prisma on SQLite), migrated on first open. */
export function control(config: Config): PrismaClient {
  const file = controlFile(config);
  let client = clients.get(file);
  if (!client) {
    securePrivateDir(config.dataDir);
    applyMigrations(file, join(config.root, "prisma", "migrations"));
    securePrivateDir(config.dataDir); // the files SQLite just made
    ensureReserve(config.dataDir); // room to record a failure when the disk fills up
    client = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: `file:${file}`, timeout: 15_000 }) });
    clients.set(file, client);
  }
  return client;
}

export async function closeControl(): Promise<void> {
  await Promise.all([...clients.values()].map((c) => c.$disconnect()));
  clients.clear();
}
