import { paths, type Config } from "../config";
import { DuckDBWarehouse } from "./duckdb/warehouse";
import type { Warehouse } from "./port";
import { SnowflakeWarehouse } from "./snowflake/warehouse";

const instances = new Map<string, Warehouse>();

/** The configured warehouse (STOREMATCH_WAREHOUSE), one per workspace and process (it caches readers). */
export function warehouse(config: Config): Warehouse {
  const key = `${config.warehouse}|${config.dataDir}`;
  let w = instances.get(key);
  if (!w) {
    w = config.warehouse === "snowflake" ? new SnowflakeWarehouse(config) : new DuckDBWarehouse(paths(config).warehouseFile);
    instances.set(key, w);
  }
  return w;
}
