import { readFileSync, writeFileSync } from "node:fs";
import { AppError } from "../../control/errors";
import type { Manifest, VersionTable } from "../../versions/manifest";
import type { SharedVersionReader, StoreKey, VersionReader } from "../port";
import { ident, type SnowflakeSession } from "./connection";

/** The zero-copy clone that pins one table of one version (lib/versions/snowflake/store.ts). */
export const cloneName = (version: string, table: VersionTable): string => `VERSIONS.${ident(table)}__${ident(version)}`;

/** Where a version's table lives on Snowflake: its clone; refused when the version has none of it. */
export function versionTable(manifest: Manifest, table: VersionTable): string {
  if (!manifest.tables[table]?.snapshotId) throw new AppError("NOT_FOUND", `version ${manifest.version} has no ${table} (published before the table existed)`);
  return cloneName(manifest.version, table);
}

const notYet = (what: string): never => {
  throw new AppError("UNAVAILABLE", `${what} is not implemented on Snowflake yet (STOREMATCH_WAREHOUSE=snowflake): use the DuckDB workspace for it`);
};

/** A CSV cell, quoted; a formula-like cell gets a leading quote (as the DuckDB export does). */
const csvCell = (v: unknown): string => {
  if (v === null || v === undefined) return "";
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) || s !== String(v) ? `"${s.replace(/"/g, '""')}"` : s;
};

/**
 * The reads of one published version on Snowflake, over the version's clones. The methods the
 * healing story needs (scan, export, quality, counts, pairs) are here; the console's explorer,
 * review and model pages still read DuckDB only (notYet names them).
 */
export class SnowVersionReader implements SharedVersionReader {
  constructor(readonly version: string, private readonly session: SnowflakeSession, private readonly manifest: Manifest) {}

  private t(table: VersionTable): string {
    return versionTable(this.manifest, table);
  }

  retire(): void {}

  async statusCounts() {
    const [r] = await this.session.query<{ matched: number; gi_only: number; th_only: number }>(`
      select count_if(status = 'MATCHED') as matched, count_if(status = 'GI_ONLY') as gi_only, count_if(status = 'TH_ONLY') as th_only
      from ${this.t("fct_store_matches")}`);
    return { matched: Number(r!.matched), giOnly: Number(r!.gi_only), thOnly: Number(r!.th_only) };
  }

  async reasonSummary() {
    const rows = await this.session.query<{ reason: string; stores: number; avgpotential: number | null }>(`
      select failure_reason as reason, count(*) as stores, round(avg(potential_score), 1) as avgpotential
      from ${this.t("diag_unmatched_stores")} group by failure_reason order by stores desc, reason`);
    return rows.map((r) => ({ reason: r.reason, stores: Number(r.stores), avgPotential: r.avgpotential === null ? null : Number(r.avgpotential) }));
  }

  matchedPairs() {
    return this.session
      .query<{ gi_id: string; th_id: string }>(`select gi_id as gi_id, th_id as th_id from ${this.t("fct_store_matches")} where status = 'MATCHED'`)
      .then((rows) => rows.map((r) => ({ giId: r.gi_id, thId: r.th_id })));
  }

  async storePotential(k: StoreKey) {
    const [r] = await this.session.query<{ p: number | null }>(`select max(potential_score) as p from ${this.t("diag_unmatched_stores")} where source = ? and store_id = ?`, [k.source, k.storeId]);
    return r?.p === null || r?.p === undefined ? null : Number(r.p);
  }

  async scanCandidates(minPotential: number) {
    // The score goes out as JavaScript prints it: to_varchar differs between Snowflake and fakesnow.
    const rows = await this.session.query<{ source: string; store_id: string; failure_reason: string; potential: number }>(`
      select source as source, store_id as store_id, failure_reason as failure_reason, potential_score as potential
      from ${this.t("diag_unmatched_stores")}
      where potential_score > ?
      qualify row_number() over (partition by source, store_id order by potential_score desc) = 1
      order by potential_score desc, source, store_id`, [Number(minPotential)]);
    return { count: rows.length, json: JSON.stringify(rows.map((r) => [r.source, r.store_id, r.failure_reason, String(r.potential)])) };
  }

  async storeCount() {
    const [r] = await this.session.query<{ n: number }>(`select count(gi_id) + count(th_id) as n from ${this.t("fct_store_matches")}`);
    return Number(r!.n);
  }

  /**
   * The matches as CSV. What consumers read: MART, when MART shows this version (checked in the
   * same statement through MART.MART_VERSION, which promotion swaps in with the views); any other
   * version (or before MART exists) from the version's clone. The rows are the same either way.
   */
  async writeMatchesCsv(file: string) {
    type Row = { gi_id: string | null; th_id: string | null; status: string; score: number | null };
    const cols = "m.gi_id as gi_id, m.th_id as th_id, m.status as status, m.score as score";
    const order = "order by status, gi_id nulls last, th_id nulls last";
    let rows = await this.fromMart<Row>(`select v.version_id as mart_version, ${cols} from MART.MART_VERSION v cross join MART.STORE_MATCHES m ${order}`);
    rows ??= await this.session.query<Row>(`select ${cols} from ${this.t("fct_store_matches")} m ${order}`);
    const lines = ["gi_id,th_id,status,score", ...rows.map((r) => [r.gi_id, r.th_id, r.status, r.score].map(csvCell).join(","))];
    writeFileSync(file, `${lines.join("\n")}\n`);
    return rows.length;
  }

  /** Rows read through MART when its MART_VERSION is this version; null when MART shows another one, is empty or does not exist yet. */
  private async fromMart<R>(sql: string): Promise<R[] | null> {
    let rows: (R & { mart_version: string })[];
    try {
      rows = await this.session.query<R & { mart_version: string }>(sql);
    } catch (e) {
      if (/does not exist/i.test((e as Error).message)) return null; // nothing promoted on this account yet
      throw e;
    }
    if (rows.length === 0 || rows[0]!.mart_version !== this.version) return null;
    return rows.map(({ mart_version: _v, ...r }) => r as R);
  }

  async qualityCounts(truthFile: string) {
    const truth = new Set(readFileSync(truthFile, "utf8").trim().split(/\r?\n/).slice(1).map((l) => l.split(",").slice(0, 2).map((c) => c.replace(/^"|"$/g, "")).join("|")));
    const predicted = await this.matchedPairs();
    const tp = predicted.filter((p) => truth.has(`${p.giId}|${p.thId}`)).length;
    return { tp, predicted: predicted.length, truth: truth.size };
  }

  // The console's detail pages: DuckDB only for now.
  failurePatterns(): never { return notYet("the failure patterns page"); }
  storeWithCandidates(): never { return notYet("the store explorer"); }
  reasonCounts(): never { return notYet("the failures page"); }
  potentialHistogram(): never { return notYet("the failures page's histogram"); }
  unmatchedPage(): never { return notYet("the failures page"); }
  modelParameters(): never { return notYet("the model page"); }
  pairEvidence(): never { return notYet("a pair's evidence"); }
  storeProfile(): never { return notYet("a store's profile"); }
  searchStores(): never { return notYet("store search"); }
  hasReviewBand(): never { return notYet("the review page"); }
  reviewCount(): never { return notYet("the review page"); }
  reviewRows(): never { return notYet("the review page"); }
  reviewCities(): never { return notYet("the review page"); }
  reviewPairs(): never { return notYet("the review page"); }
}
