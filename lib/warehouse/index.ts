import { paths, type Config } from "../config";
import { AppError } from "../control/errors";
import { DuckDBWarehouse } from "./duckdb/warehouse";
import type { Warehouse } from "./port";

const instances = new Map<string, Warehouse>();

/** The configured warehouse (STOREMATCH_WAREHOUSE), one per workspace and process (it caches readers). */
export function warehouse(config: Config): Warehouse {
  const key = `${config.warehouse}|${config.dataDir}`;
  let w = instances.get(key);
  if (!w) {
    if (config.warehouse !== "duckdb") throw new AppError("INVALID", `STOREMATCH_WAREHOUSE=${config.warehouse} has no implementation in this build yet: use duckdb`);
    w = new DuckDBWarehouse(paths(config).warehouseFile);
    instances.set(key, w);
  }
  return w;
}
