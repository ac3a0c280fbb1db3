import type { Config } from "../../config";
import type { Manifest } from "../../versions/manifest";
import { readManifest, resolveVersion } from "../../versions/registry";
import { attachVersion } from "./attach";
import { queryRows, withMemoryDuckDB, type Params } from "./db";

export type Query = <R>(sql: string, params?: Params) => Promise<R[]>;

/**
 * Raw DuckDB SQL over a local version's files (tests, e2e checks and benchmarks of the local
 * backend only; application code reads through the Warehouse port).
 */
export async function withVersionSql<T>(config: Config, spec: string | undefined, fn: (q: Query, manifest: Manifest) => Promise<T>): Promise<T> {
  const manifest = readManifest(await resolveVersion(config, spec ?? "promoted"));
  return withMemoryDuckDB(async (c) => {
    await attachVersion(c, manifest);
    return fn(<R>(sql: string, params?: Params) => queryRows<R>(c, sql, params), manifest);
  });
}
