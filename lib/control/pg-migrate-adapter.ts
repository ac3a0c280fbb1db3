import { PrismaPg } from "@prisma/adapter-pg";

/**
 * PostgreSQL catalog types that @prisma/adapter-pg 6.19 cannot describe (prisma/prisma#27403:
 * "Column type 'name' could not be deserialized"), which `prisma migrate deploy` reads when it
 * inspects the database. pg hands their values over as text already; only the type id is mapped.
 */
const CATALOG_TYPES_AS_TEXT: Record<number, number> = {
  18: 25, // "char"
  19: 25, // name
  22: 25, // int2vector
  24: 25, // regproc
  28: 25, // xid
  30: 25, // oidvector
  194: 25, // pg_node_tree
  1033: 25, // aclitem
  2205: 25, // regclass
  2206: 25, // regtype
  1003: 1009, // name[] → text[]
};

let patched = false;

/** The pg adapter for the Prisma CLI (prisma.config.ts), able to read the catalog types migrate reads. Only the CLI needs it. */
export async function migrateAdapter(connectionString: string): Promise<PrismaPg> {
  const factory = new PrismaPg({ connectionString });
  if (!patched) {
    const probe = await factory.connect(); // no connection is opened until a query
    const queryable = Object.getPrototypeOf(Object.getPrototypeOf(probe)) as { performIO: (q: unknown) => Promise<{ fields: { dataTypeID: number }[] }> };
    const performIO = queryable.performIO;
    queryable.performIO = async function (this: unknown, q: unknown) {
      const result = await performIO.call(this, q);
      for (const f of result.fields) f.dataTypeID = CATALOG_TYPES_AS_TEXT[f.dataTypeID] ?? f.dataTypeID;
      return result;
    };
    await probe.dispose();
    patched = true;
  }
  return factory;
}
