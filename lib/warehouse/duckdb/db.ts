import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from "@duckdb/node-api";

/** Values bound to a query's $1, $2…: user input reaches DuckDB this way, never pasted into SQL. */
export type Params = DuckDBValue[];

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

/**
 * Run fn on the live warehouse file opened read-only, then close it: only for commands and
 * benchmarks that read it after a run (never the console, which reads published versions).
 */
export async function withWarehouseReadOnly<T>(file: string, fn: (c: DuckDBConnection) => Promise<T>): Promise<T> {
  const instance = await DuckDBInstance.create(file, { access_mode: "READ_ONLY", threads: "2" });
  const conn = await instance.connect();
  try {
    return await fn(conn);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

/** Quote a file path as a SQL string literal (COPY and views need literal paths); values go as Params. */
export const sqlString = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** Run a query (values bound to $1, $2…) and return plain row objects with bigints turned into numbers. */
export async function queryRows<T = Record<string, unknown>>(c: DuckDBConnection, sql: string, params?: Params): Promise<T[]> {
  const reader = params && params.length ? await c.runAndReadAll(sql, params) : await c.runAndReadAll(sql);
  return reader.getRowObjectsJS().map((row) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(row)) out[k] = typeof v === "bigint" ? Number(v) : v;
    return out as T;
  });
}
