import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { VERSION_TABLES, type Manifest } from "../../versions/manifest";
import type { SharedVersionReader } from "../port";
import { attachVersion, tablesOf } from "./attach";
import { queryRows, type Params } from "./db";
import { DuckVersionQueries } from "./version-queries";

const LOOKUPS: [string, string][] = [
  ["fct_store_matches", "gi_id"],
  ["fct_store_matches", "th_id"],
  ["diag_unmatched_stores", "store_id"],
  ["diag_store_candidates", "store_id"],
];

/** How long a retired reader stays open after its last query (a page's queries come in a burst). */
export const IDLE_CLOSE_MS = 5_000;

/**
 * A long-lived, read-only view of one version for the console: one in-memory DuckDB per
 * version, opened once, with the version's immutable Parquet files loaded. Versions never
 * change once published, so a cached reader never goes stale; a handful are kept.
 *
 * Readers are shared by concurrent requests, so one is never closed under a query: the cache
 * retires an evicted reader, which closes itself once no query is running and none started for
 * IDLE_CLOSE_MS. A query that still arrives later (a slow page) reopens it.
 */
export class DuckVersionReader extends DuckVersionQueries implements SharedVersionReader {
  private inFlight = 0;
  private lastUsed = Date.now();
  private retired = false;
  private closed = false;
  private reopening: Promise<void> | null = null;
  private idleTimer: NodeJS.Timeout | null = null;

  private constructor(
    private readonly manifest: Manifest,
    private instance: DuckDBInstance,
    private conn: DuckDBConnection,
    self: { r?: DuckVersionReader },
  ) {
    super(manifest.version, (sql, params) => self.r!.query(sql, params), tablesOf(manifest));
  }

  static async open(manifest: Manifest): Promise<DuckVersionReader> {
    const { instance, conn } = await DuckVersionReader.load(manifest);
    const self: { r?: DuckVersionReader } = {};
    self.r = new DuckVersionReader(manifest, instance, conn, self);
    return self.r;
  }

  private static async load(manifest: Manifest): Promise<{ instance: DuckDBInstance; conn: DuckDBConnection }> {
    const instance = await DuckDBInstance.create(":memory:", { threads: "2" });
    const conn = await instance.connect();
    // Load the version's Parquet files into memory once, with indexes on the lookup columns:
    // the console's point lookups then cost milliseconds instead of a file scan each.
    await attachVersion(conn, manifest, "file_");
    for (const t of VERSION_TABLES) {
      if (t === "dim_stores" || manifest.tables[t].files.length === 0) continue;
      await conn.run(`create table ${t} as select * from file_${t}`);
    }
    // Store profiles (2 rows per store pair) stay on disk: files sorted by (source, store_id), so
    // a point lookup reads one row group. An old version without them gets an empty view.
    // Profiles are history (a targeted run appends the rows it recomputed): lookups take each
    // key's latest computed_at. A version published before the stamp existed gets a null one.
    const profileColumns = manifest.tables.dim_stores.files.length
      ? (await queryRows<{ column_name: string }>(conn, "describe file_dim_stores")).map((c) => c.column_name)
      : [];
    await conn.run(profileColumns.length === 0
      ? "create view dim_stores as select null::varchar as source, null::varchar as store_id, null::timestamp as computed_at where false"
      : profileColumns.includes("computed_at")
        ? "create view dim_stores as select * from file_dim_stores"
        : "create view dim_stores as select *, null::timestamp as computed_at from file_dim_stores");
    for (const [t, col] of LOOKUPS) await conn.run(`create index ${t}_${col}_idx on ${t} (${col})`);
    return { instance, conn };
  }

  /** A DuckDB query on the version's tables (for DuckDB-specific tests and benchmarks); user input goes in `params`. */
  async query<T>(sql: string, params?: Params): Promise<T[]> {
    this.inFlight++;
    try {
      if (this.closed) await (this.reopening ??= this.reopen());
      return await queryRows<T>(this.conn, sql, params);
    } finally {
      this.inFlight--;
      this.lastUsed = Date.now();
      if (this.retired) this.closeWhenIdle();
    }
  }

  private async reopen(): Promise<void> {
    const loaded = await DuckVersionReader.load(this.manifest);
    this.instance = loaded.instance;
    this.conn = loaded.conn;
    this.closed = false;
    this.reopening = null;
    if (this.retired) this.closeWhenIdle();
  }

  retire(): void {
    this.retired = true;
    this.closeWhenIdle();
  }

  /** Queries running on this reader now (for tests and logs). */
  get busy(): number {
    return this.inFlight;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private closeWhenIdle(): void {
    if (this.closed || this.idleTimer) return;
    const wait = Math.max(0, this.lastUsed + IDLE_CLOSE_MS - Date.now());
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (this.closed || this.reopening) return;
      if (this.inFlight > 0 || Date.now() - this.lastUsed < IDLE_CLOSE_MS) return this.closeWhenIdle();
      this.close();
    }, wait);
    this.idleTimer.unref();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.conn.closeSync();
    this.instance.closeSync();
  }
}
