import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { iceberg } from "../../lib/versions/local/python";
import { tempDir, workspaceConfig } from "../helpers";

describe("lib/versions/local/iceberg.py", () => {
  it("expire skips a table no version has published yet (no NameError)", async () => {
    const config = workspaceConfig(join(tempDir(), "data"));
    const r = await iceberg<{ expired: Record<string, string[]> }>(config, ["expire", "--keep", JSON.stringify({ fct_store_matches: [], dim_stores: ["1"] })]);
    expect(r).toEqual({ expired: {} });
  });
});
