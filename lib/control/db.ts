import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { Prisma, PrismaClient } from "@prisma/client";
import { PrismaClient as PostgresPrismaClient } from "@storematch/prisma-postgres";
import { hostId } from "../runner/host";
import { registerHost } from "../runner/lease";
import { ensureReserve } from "../runner/space";
import { securePrivateDir } from "../workspace-files";
import type { Config } from "../config";
import { ensureMigrated } from "./migrate";

export type Tx = Prisma.TransactionClient;
export type Db = PrismaClient;
type AdapterFactory = NonNullable<ConstructorParameters<typeof PrismaClient>[0]>["adapter"] & object;

const clients = new Map<string, PrismaClient>();
const migrations = new Map<string, Promise<void>>();

/** The workspace's SQLite control-plane file (the embedded provider). */
export const controlFile = (config: Config) => (config.controlPlane.provider === "sqlite" ? config.controlPlane.file : null);

const controlKey = (config: Config) => (config.controlPlane.provider === "sqlite" ? config.controlPlane.file : config.controlPlane.url);

/**
 * The control plane: Prisma on PostgreSQL when DATABASE_URL is set, else on the workspace's SQLite
 * file. Both clients are generated from the same models (prisma/sqlite, prisma/postgres), so
 * callers see one type. The first connection applies missing migrations (`prisma migrate
 * deploy`), so a new workspace or database needs no setup step.
 */
export function control(config: Config): PrismaClient {
  const key = controlKey(config);
  let client = clients.get(key);
  if (!client) {
    securePrivateDir(config.dataDir);
    ensureReserve(config.dataDir); // room to record a failure when the disk fills up
    const cp = config.controlPlane;
    const inner: AdapterFactory = cp.provider === "postgresql"
      ? new PrismaPg({ connectionString: cp.url, max: 10 })
      : new PrismaBetterSQLite3({ url: `file:${cp.file}`, timeout: 15_000 });
    const migrated = () => {
      let p = migrations.get(key);
      if (!p) {
        p = ensureMigrated(config).then(() => securePrivateDir(config.dataDir)); // the files SQLite just made
        p.catch(() => migrations.delete(key)); // try again on the next connection
        migrations.set(key, p);
      }
      return p;
    };
    // Prisma connects lazily, on the first query: migrate just before.
    const adapter = Object.assign(Object.create(Object.getPrototypeOf(inner) as object) as AdapterFactory, inner, {
      connect: async () => {
        await migrated();
        return inner.connect();
      },
    });
    client = cp.provider === "postgresql"
      ? (new PostgresPrismaClient({ adapter }) as unknown as PrismaClient)
      : new PrismaClient({ adapter });
    registerHost(client, hostId(config));
    clients.set(key, client);
  }
  return client;
}

export async function closeControl(): Promise<void> {
  await Promise.all([...clients.values()].map((c) => c.$disconnect()));
  clients.clear();
  migrations.clear();
}
