import { describe, expect, it } from "vitest";
import { generate } from "../../lib/generate/generate";

describe("generate", () => {
  const data = generate({ stores: 3000, seed: 11 });

  it("is deterministic for a given seed and differs across seeds", () => {
    expect(generate({ stores: 3000, seed: 11 })).toEqual(data);
    expect(generate({ stores: 3000, seed: 12 }).gi).not.toEqual(data.gi);
  });

  it("writes truth pairs whose ids exist in both lists, and stores present in one source only", () => {
    const gi = new Set(data.gi.map((r) => r.store_id));
    const th = new Set(data.th.map((r) => r.store_id));
    expect(data.truth.length).toBeGreaterThan(2000);
    for (const [g, t] of data.truth) {
      expect(gi.has(g)).toBe(true);
      expect(th.has(t)).toBe(true);
    }
    expect(gi.size - data.truth.length).toBeGreaterThan(100); // GI only
    expect(th.size - data.truth.length).toBeGreaterThan(100); // TH only
    expect(gi.size).toBe(data.gi.length); // ids unique
    expect(th.size).toBe(data.th.length);
  });

  it("carries the noise real master data has", () => {
    const giNames = data.gi.map((r) => r.name);
    const thNames = data.th.map((r) => r.name);
    const legal = /(^|\s)(SAS|SARL|EURL|SA|SNC|SASU|S\.A\.S\.|S\.A\.R\.L\.|E\.U\.R\.L\.|S\.A\.|S\.N\.C\.|S\.A\.S\.U\.|Sarl|Sas)(\s|$)/;
    expect(giNames.filter((n) => legal.test(n)).length).toBeGreaterThan(300);
    expect(giNames.some((n) => /^(SAS|SARL|EURL|SA|SNC|SASU|S\.A\.)/.test(n))).toBe(true); // legal form before the name
    expect(thNames.every((n) => n === n.toUpperCase())).toBe(true); // TH writes upper case
    expect(data.gi.some((r) => /[éèàç]/.test(r.name + r.address))).toBe(true); // GI keeps accents
    expect(data.th.some((r) => / - /.test(r.name))).toBe(true); // hyphens
    expect(data.gi.some((r) => /\b(Av\.|Bd|R\.|Pl\.)\s/.test(r.address))).toBe(true); // street-type abbreviations
    expect(data.gi.filter((r) => r.postcode === "").length).toBeGreaterThan(30); // missing postcodes
    expect(data.gi.filter((r) => r.lat === "").length).toBeGreaterThan(100); // missing coordinates
    const phoneFormats = new Set(data.gi.filter((r) => r.phone).map((r) => r.phone.replace(/\d/g, "9")));
    expect(phoneFormats.size).toBeGreaterThanOrEqual(4); // several phone formats
    expect(data.th.some((r) => r.country === "France") && data.gi.some((r) => r.country === "FR")).toBe(true);
  });

  it("produces hard negatives: one chain, one city, different addresses", () => {
    const byKey = new Map<string, Set<string>>();
    for (const r of data.gi) {
      if (r.extra !== "chain") continue;
      const key = `${r.name}|${r.city}`;
      if (!byKey.has(key)) byKey.set(key, new Set());
      byKey.get(key)!.add(r.address);
    }
    const multi = [...byKey.values()].filter((s) => s.size >= 2);
    expect(multi.length).toBeGreaterThan(50);
  });

  it("refuses a bad store count", () => {
    expect(() => generate({ stores: 0 })).toThrow(/--stores must be a positive integer/);
  });
});
