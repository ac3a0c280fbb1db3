import type { Binds, Connection } from "snowflake-sdk";
import { AppError } from "../../control/errors";
import { sdkConnectionOptions, type SnowflakeSettings } from "./settings";

type Sdk = typeof import("snowflake-sdk");
let sdk: Promise<Sdk> | null = null;

/**
 * The SDK, loaded on first use only: it loads the AWS SDK, which costs time and prints a Node
 * version warning, and a DuckDB workspace must not pay for that. Loaded once, its own log file
 * (snowflake.log in the working directory) turned off.
 */
export function loadSdk(): Promise<Sdk> {
  return (sdk ??= import("snowflake-sdk").then((m) => {
    const s = (m as unknown as { default?: Sdk }).default ?? m;
    // Errors reach callers as AppErrors; the SDK would otherwise write snowflake.log into the working directory.
    s.configure({ logLevel: "OFF" });
    return s;
  }));
}

export type Bind = string | number | boolean | null;

/**
 * One Snowflake session (snowflake-sdk), with promise-based queries. Every selected expression
 * in this folder's SQL carries an alias: the column names are then the same on Snowflake and on
 * the tests' fakesnow (which names un-aliased expressions the DuckDB way).
 */
export class SnowflakeSession {
  private constructor(private readonly conn: Connection, readonly settings: SnowflakeSettings) {}

  static async open(s: SnowflakeSettings): Promise<SnowflakeSession> {
    const conn = (await loadSdk()).createConnection({
      ...sdkConnectionOptions(s),
      // A statement the server rejects fails at once rather than being retried for minutes.
      sfRetryMaxLoginRetries: 1,
    });
    await new Promise<void>((resolve, reject) =>
      conn.connect((err) => (err ? reject(new AppError("UNAVAILABLE", `cannot connect to Snowflake account ${s.account} as ${s.user} (role ${s.role}): ${err.message}`, { cause: err })) : resolve())),
    );
    return new SnowflakeSession(conn, s);
  }

  /** Rows as objects keyed by the (aliased) column names, lower-cased. */
  query<R = Record<string, unknown>>(sqlText: string, binds: Bind[] | Bind[][] = []): Promise<R[]> {
    return this.execute(sqlText, binds).then((r) => r.rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k.toLowerCase(), v])) as R));
  }

  /** A statement's rows and, for DML, the rows it changed. */
  execute(sqlText: string, binds: Bind[] | Bind[][] = []): Promise<{ rows: Record<string, unknown>[]; changed: number | undefined; queryId: string }> {
    return new Promise((resolve, reject) => {
      this.conn.execute({
        sqlText,
        binds: binds as Binds,
        complete: (err, stmt, rows) => {
          if (err) reject(new AppError("INTERNAL", `Snowflake refused a statement (${firstLine(sqlText)}): ${err.message}`, { cause: err }));
          else resolve({ rows: (rows ?? []) as Record<string, unknown>[], changed: stmt.getNumUpdatedRows(), queryId: stmt.getQueryId() });
        },
      });
    });
  }

  /** Submit a statement without waiting for it (asyncExec); returns its query id. */
  submit(sqlText: string): Promise<string> {
    return new Promise((resolve, reject) => {
      this.conn.execute({
        sqlText,
        asyncExec: true,
        complete: (err, stmt) => (err ? reject(new AppError("UNAVAILABLE", `Snowflake refused ${firstLine(sqlText)}: ${err.message}`, { cause: err })) : resolve(stmt.getQueryId())),
      });
    });
  }

  /** A submitted statement's status (RUNNING, SUCCESS, FAILED_WITH_ERROR, ABORTED…). */
  queryStatus(queryId: string): Promise<string> {
    return this.conn.getQueryStatus(queryId);
  }

  /** Run `fn` in one transaction: all of its statements or none. */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    await this.execute("begin transaction");
    try {
      const out = await fn();
      await this.execute("commit");
      return out;
    } catch (e) {
      await this.execute("rollback").catch(() => undefined);
      throw e;
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.conn.destroy(() => resolve()));
  }
}

const firstLine = (sql: string) => sql.trim().split("\n")[0]!.slice(0, 80);

/** A Snowflake identifier for an unquoted name we build (schema, table, version id): refused unless plain. */
export function ident(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new AppError("INVALID", `"${name}" is not a plain Snowflake identifier`);
  return name.toUpperCase();
}
