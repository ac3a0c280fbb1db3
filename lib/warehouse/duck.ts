import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";

/** Run fn on a fresh in-memory DuckDB (never the live warehouse file), then close it. */
export async function withMemoryDuckDB<T>(fn: (c: DuckDBConnection) => Promise<T>): Promise<T> {
  const instance = await DuckDBInstance.create(":memory:", { threads: "2" });
  const conn = await instance.connect();
  try {
    return await fn(conn);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

/** Quote a path or text as a SQL string literal. */
export const sqlString = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** Run a query and return plain row objects with bigints turned into numbers. */
export async function queryRows<T = Record<string, unknown>>(c: DuckDBConnection, sql: string): Promise<T[]> {
  const reader = await c.runAndReadAll(sql);
  return reader.getRowObjectsJS().map((row) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(row)) out[k] = typeof v === "bigint" ? Number(v) : v;
    return out as T;
  });
}
