import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { paths } from "../../lib/config";
import { currentBatch, ingest } from "../../lib/ingest/ingest";
import { cli, lit, query, tempDir, workspaceConfig, writeCsv } from "../helpers";

const GOOD_HEADER = "store_id,name,address,postcode,city,country,lat,lon,phone,segment";
const goodGi = ["GI1,Boulangerie Dupont SARL,12 av. Jean Jaurès,75011,Paris,FR,48.85,2.37,01 23 45 67 89,independent", "GI2,Carrefour City,3 Rue Oberkampf,75011,Paris,FR,,,,chain"];
const goodTh = ["TH1,BOULANGERIE DUPONT,12 AVENUE JEAN JAURES,75011,PARIS,France,48.8501,2.3701,+33123456789,x"];

describe("ingest", () => {
  const dir = tempDir();
  const config = workspaceConfig(join(dir, "data"));
  const gi = writeCsv(join(dir, "gi.csv"), [GOOD_HEADER, ...goodGi]);
  const th = writeCsv(join(dir, "th.csv"), [GOOD_HEADER, ...goodTh]);
  let batch: string | null;
  let before: string;

  const rawRows = () => query(`select store_id, name from read_parquet(${lit(join(paths(config).rawCurrent, "gi.parquet"))}) order by store_id`);

  beforeAll(async () => {
    await ingest(config, gi, th);
    batch = currentBatch(config);
    before = JSON.stringify(await rawRows());
  });

  it("loads both lists, keeps extra columns in raw, parses coordinates", async () => {
    const rows = await query<{ store_id: string; lat: number | null; extra: string; _line: number }>(
      `select store_id, lat, extra, _line from read_parquet(${lit(join(paths(config).rawCurrent, "gi.parquet"))}) order by store_id`,
    );
    expect(rows).toEqual([
      { store_id: "GI1", lat: 48.85, extra: '{"segment":"independent"}', _line: 2 },
      { store_id: "GI2", lat: null, extra: '{"segment":"chain"}', _line: 3 },
    ]);
  });

  it("accepts files without the optional columns", async () => {
    const d = tempDir();
    const cfg = workspaceConfig(join(d, "data"));
    const r = await ingest(cfg, writeCsv(join(d, "g.csv"), ["store_id,name", "A,Shop"]), writeCsv(join(d, "t.csv"), ["name,store_id,postcode", "SHOP,B,"]));
    expect(r.gi.rows).toBe(1);
    const [row] = await query<{ address: string | null; postcode: string | null }>(`select address, postcode from read_parquet(${lit(join(paths(cfg).rawCurrent, "th.parquet"))})`);
    expect(row).toEqual({ address: null, postcode: null });
  });

  const bad: [string, string | Buffer, RegExp][] = [
    ["a missing required column", "store_id,address\nX1,1 rue A\n", /^bad\.csv: line 1, column "name": required column is missing from the header/],
    ["a missing store_id column", "name,city\nShop,Paris\n", /^bad\.csv: line 1, column "store_id": required column is missing/],
    ["a duplicate store_id", "store_id,name\nA,Shop\nB,Shop 2\nA,Shop 3\n", /^bad\.csv: line 4, column "store_id": duplicate store_id "A" \(first seen on line 2\)/],
    ["an empty store_id", "store_id,name\nA,Shop\n ,Shop 2\n", /^bad\.csv: line 3, column "store_id": store_id is empty/],
    ["an unparsable lat", "store_id,name,lat,lon\nA,Shop,48.1,2.3\nB,Shop 2,4x.5,2.3\n", /^bad\.csv: line 3, column "lat": "4x\.5" is not a number/],
    ["an unparsable lon", "store_id,name,lat,lon\nA,Shop,48.1,east\n", /^bad\.csv: line 2, column "lon": "east" is not a number/],
    ["an out-of-range lat", "store_id,name,lat,lon\nA,Shop,148.1,2\n", /^bad\.csv: line 2, column "lat": 148\.1 is out of range/],
    ["invalid UTF-8", Buffer.concat([Buffer.from("store_id,name\nA,Shop\nB,Caf"), Buffer.from([0xe9]), Buffer.from(" du Port\n")]), /^bad\.csv: line 3: invalid UTF-8 \(byte 0xE9 at byte 6 of the line\)/],
    ["an empty file", "", /^bad\.csv: the file is empty/],
    ["a header without stores", "store_id,name\n", /^bad\.csv: the file has a header but no stores/],
    ["a row with too many fields", "store_id,name\nA,Shop\nB,Shop,extra\n", /^bad\.csv: line 3: malformed CSV: expected 2 fields as in the header, found 3$/],
    ["an empty name", "store_id,name\nA,\n", /^bad\.csv: line 2, column "name": name is empty/],
  ];

  for (const [label, content, message] of bad) {
    it(`refuses ${label}, naming file, line and column, and leaves the raw data as it was`, async () => {
      const badFile = join(dir, "bad.csv");
      writeFileSync(badFile, content);
      // The bad file as GI, then as TH: neither may replace anything.
      await expect(ingest(config, badFile, th)).rejects.toThrow(message);
      await expect(ingest(config, gi, badFile)).rejects.toThrow(message);
      expect(currentBatch(config)).toBe(batch);
      expect(JSON.stringify(await rawRows())).toBe(before);
    });
  }

  it("the CLI prints a one-line reason and exits non-zero", () => {
    const badFile = writeCsv(join(dir, "bad2.csv"), ["store_id,name", "A,Shop", "A,Other"]);
    const r = cli(["ingest", "--gi", badFile, "--th", th], { STOREMATCH_DATA_DIR: join(dir, "data") });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('storematch: bad2.csv: line 3, column "store_id": duplicate store_id "A" (first seen on line 2)');
    expect(currentBatch(config)).toBe(batch);
  });

  it("names a file that does not exist", async () => {
    await expect(ingest(config, join(dir, "nope.csv"), th)).rejects.toThrow(/^nope\.csv: cannot read the file \(ENOENT\)/);
    expect(readFileSync(join(paths(config).rawCurrent, "manifest.json"), "utf8")).toContain(batch!);
  });
});
