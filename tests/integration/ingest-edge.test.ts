import { spawnSync } from "node:child_process";
import { symlinkSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { paths } from "../../lib/config";
import { closeControl, control } from "../../lib/control/db";
import { cli, lit, query, ROOT, tempDir, workspaceConfig, workspaceEnv, writeCsv } from "../helpers";

describe("ingest edge cases", () => {
  const dir = tempDir();
  const env = { STOREMATCH_DATA_DIR: join(dir, "data") };
  const config = workspaceConfig(env.STOREMATCH_DATA_DIR);
  const th = writeCsv(join(dir, "th.csv"), ["store_id,name", "TH1,Shop"]);
  afterAll(() => closeControl());

  it("accepts a coordinate written with an exponent (1.5e-05), as exports write it", async () => {
    const gi = writeCsv(join(dir, "exp.csv"), ["store_id,name,lat,lon", "GI1,Shop,4.85E+01,1.5e-05", "GI2,Shop,\"48,5\",-2e-3"]);
    const r = cli(["ingest", "--gi", gi, "--th", th], env);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const rows = await query<{ lat: number; lon: number }>(`select lat, lon from read_parquet(${lit(join(paths(config).rawCurrent, "gi.parquet"))}) order by store_id`);
    expect(rows).toEqual([{ lat: 48.5, lon: 0.000015 }, { lat: 48.5, lon: -0.002 }]);
    expect(cli(["ingest", "--gi", writeCsv(join(dir, "bad-exp.csv"), ["store_id,name,lon", "GI1,Shop,1e400"]), "--th", th], env).stderr.trim())
      .toBe('storematch: bad-exp.csv: line 2, column "lon": "1e400" is not a number');
  });

  it("refuses a field above the size limit with a message naming the place, not the value", () => {
    const gi = writeCsv(join(dir, "big.csv"), ["store_id,name,address", `GI1,Shop,${"x".repeat(3_000_000)}`]);
    const r = cli(["ingest", "--gi", gi, "--th", th], env);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('storematch: big.csv: line 2, column "address": the value is longer than 2000 characters');
  });

  it("keeps the values of a __proto__ column like any extra column", async () => {
    const gi = writeCsv(join(dir, "proto.csv"), ["store_id,name,__proto__,constructor", "GI1,Shop,polluted,ctor"]);
    const r = cli(["ingest", "--gi", gi, "--th", th], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("extra columns kept: __proto__, constructor");
    const [row] = await query<{ extra: string }>(`select extra from read_parquet(${lit(join(paths(config).rawCurrent, "gi.parquet"))})`);
    expect(row!.extra).toBe('{"__proto__":"polluted","constructor":"ctor"}');
  });

  it("never echoes the content of a file that is not a store list (a symlink to a system file)", () => {
    const link = join(dir, "passwd.csv");
    symlinkSync("/etc/passwd", link);
    const r = cli(["ingest", "--gi", link, "--th", th], env);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/root|\/bin|:x:/);
    expect(r.stderr.trim()).toBe('storematch: passwd.csv: line 1, column "store_id": required column is missing from the header (its first line is not a CSV header with store_id and name)');
  });

  it("refuses a FIFO at once, without hanging or keeping the lease", async () => {
    const fifo = join(dir, "pipe.csv");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    const t = Date.now();
    // Not helpers' cli(): a hang must end this test, not block it for ten minutes.
    const r = spawnSync(process.execPath, [join(ROOT, "bin", "storematch.mjs"), "ingest", "--gi", fifo, "--th", th], { env: workspaceEnv(env), encoding: "utf8", timeout: 20_000 });
    expect(Date.now() - t).toBeLessThan(15_000);
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe("storematch: pipe.csv: is not a regular file (a FIFO); give the path of a CSV file");
    expect(await control(config).lease.count()).toBe(0);
  }, 30_000);
});
