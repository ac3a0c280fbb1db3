import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers";

describe("npm start", () => {
  it("binds the console to loopback unless HOST says otherwise", () => {
    const script = readFileSync(join(ROOT, "scripts", "quickstart.sh"), "utf8");
    const start = script.split("\n").filter((l) => /next start/.test(l) && !l.trim().startsWith("#"));
    expect(start).toHaveLength(1);
    expect(start[0]).toMatch(/-H "\$\{HOST:-127\.0\.0\.1\}"/);
  });
});
