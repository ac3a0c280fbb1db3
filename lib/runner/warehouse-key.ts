import { paths, type Config } from "../config";

/** Warehouse name for the lease: one local DuckDB file per workspace. */
export const warehouseKey = (config: Config) => `${config.warehouse}:${paths(config).warehouseFile}`;
