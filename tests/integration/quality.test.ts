import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cliOk, tempDir } from "../helpers";

// Acceptance 2: 10,000 generated stores, F1 ≥ 0.97 with every column and ≥ 0.90 without
// postcode, phone, lat and lon in either file.
function f1For(dropColumns: string | null): number {
  const dir = tempDir();
  const env = { STOREMATCH_DATA_DIR: join(dir, "data") };
  cliOk(["generate", "--stores", "10000", "--seed", "42", "--out", join(dir, "in"), ...(dropColumns ? ["--drop-columns", dropColumns] : [])], env);
  cliOk(["ingest", "--gi", join(dir, "in", "gi.csv"), "--th", join(dir, "in", "th.csv")], env);
  cliOk(["run", "--quiet"], env);
  const q = JSON.parse(cliOk(["quality", "--truth", join(dir, "in", "truth.csv"), "--json"], env).stdout) as { f1: number };
  return q.f1;
}

describe("match quality on 10,000 generated stores", () => {
  it("F1 ≥ 0.97 with all columns", () => {
    expect(f1For(null)).toBeGreaterThanOrEqual(0.97);
  });

  it("F1 ≥ 0.90 without postcode, phone, lat and lon", () => {
    expect(f1For("postcode,phone,lat,lon")).toBeGreaterThanOrEqual(0.9);
  });
});
