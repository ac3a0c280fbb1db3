import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { generate, type GeneratedData } from "../../lib/generate/generate";
import { BRAND_ALIASES, NEIGHBOURS } from "../../lib/generate/noise-vocab";
import { NOISE_CLASSES, PROFILES } from "../../lib/generate/profiles";

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
    expect(() => generate({ stores: 0 })).toThrow(/^stores must be a positive integer, got 0$/);
  });
});

describe("generate: noise profiles", () => {
  const N = 4000;
  const base = generate({ stores: N, seed: 5 });
  const byProfile = new Map<string, GeneratedData>();
  const of = (profile: string) => {
    if (!byProfile.has(profile)) byProfile.set(profile, generate({ stores: N, seed: 5, profile }));
    return byProfile.get(profile)!;
  };
  type Row = GeneratedData["gi"][number];
  /** Rows of a profile next to the same rows without noise (the base draws are the same). */
  const rowPairs = (d: GeneratedData, source: "gi" | "th"): [Row, Row][] => d[source].map((r, i) => [base[source][i]!, r]);
  const changed = (d: GeneratedData, col: keyof Row) =>
    [...rowPairs(d, "gi"), ...rowPairs(d, "th")].filter(([b, r]) => b[col] !== r[col]).map(([b, r]) => [b[col], r[col]] as const);
  const twins = (d: GeneratedData) => {
    const gi = new Map(d.gi.map((r) => [r.store_id, r]));
    const th = new Map(d.th.map((r) => [r.store_id, r]));
    return d.truth.map(([g, t]) => [gi.get(g)!, th.get(t)!] as const);
  };
  const digits = (p: string) => p.replace(/\D/g, "");
  const aliases = new Set(Object.values(BRAND_ALIASES).flat());

  // Each check counts the rows showing its noise class; the hard profile must show all of them.
  const checks: Record<string, (d: GeneratedData) => number> = {
    franchisee: (d) => twins(d).filter(([g, t]) => /^(SARL|SAS|SA|EURL|SNC|SASU) [A-ZÀ-Ý' -]+$/.test(g.name) && g.extra === "chain" && !t.name.includes(g.name.split(" ")[1]!)).length,
    aliases: (d) => [...d.gi, ...d.th].filter((r) => aliases.has(r.name)).length,
    qualifiers: (d) => changed(d, "name").filter(([b, r]) => /^(Le|La|Les|LE|LA|LES) /.test(r) || /, (Le|La|Les|LE|LA|LES)$/.test(r) || /\(.+\)$/.test(r) || r.length < b.length || r.startsWith(b + " ")).length,
    phones: (d) => changed(d, "phone").filter(([, r]) => /^(\+3[23] \(0\)|003[23] |\(0\d\) |0\d\/|0\d-|3[23]\d{8,9}$|\+3[23]-)/.test(r)).length,
    localities: (d) => changed(d, "city").filter(([, r]) => /(Arrondissement|\d+e|\d+ème| \d\d|Cedex( \d\d)?)$/i.test(r) || Object.values(NEIGHBOURS).flat().some((n) => n.toUpperCase() === r.toUpperCase())).length,
    moved: (d) => changed(d, "address").filter(([, r]) => /(ZONE COMMERCIALE|CENTRE COMMERCIAL|C\.C\.|ZAC|ZI|PARC D'ACTIVITES|GALERIE MARCHANDE) /i.test(r) || /^\d+ (Rue|Avenue|Boulevard|Place) /i.test(r)).length,
    centroids: (d) => {
      const counts = new Map<string, number>();
      for (const r of d.gi) if (r.lat) counts.set(`${r.lat},${r.lon}`, (counts.get(`${r.lat},${r.lon}`) ?? 0) + 1);
      return Math.max(...counts.values());
    },
    headoffice: (d) => {
      const counts = new Map<string, number>();
      for (const r of d.gi) if (r.phone) counts.set(digits(r.phone).slice(-9), (counts.get(digits(r.phone).slice(-9)) ?? 0) + 1);
      return Math.max(...counts.values());
    },
    negatives: (d) => {
      const streets = new Map<string, Set<string>>();
      for (const r of d.gi) {
        const m = /^(\d+) (.+)$/.exec(r.address);
        if (r.extra !== "chain" || !m) continue;
        const key = `${r.name}|${r.postcode}|${m[2]!.replace(/^\S+ /, "")}`;
        if (!streets.has(key)) streets.set(key, new Set());
        streets.get(key)!.add(m[1]!);
      }
      return [...streets.values()].filter((s) => s.size >= 2).length;
    },
    foreign: (d) =>
      d.gi.filter((r) => ["US", "USA", "United States", "GB", "UK", "United Kingdom", "DE", "Germany", "Deutschland"].includes(r.country)).length,
  };
  const expected: Record<string, number> = {
    franchisee: 300, aliases: 300, qualifiers: 700, phones: 700, localities: 700, moved: 250, centroids: 50, headoffice: 50, negatives: 100, foreign: 250,
  };

  it("default output is unchanged for a fixed seed (hash taken before the profiles existed)", () => {
    expect(createHash("sha256").update(JSON.stringify(generate({ stores: 3000, seed: 11 }))).digest("hex")).toBe(
      "ecad135f79ee44eb6ef778e96e6c5e93fa6f4a03e9d6730df132a35dd7c8c053",
    );
    expect(generate({ stores: 3000, seed: 11, profile: "default" })).toEqual(generate({ stores: 3000, seed: 11 }));
  });

  it("refuses an unknown profile and documents every one", () => {
    expect(() => generate({ stores: 10, profile: "nope" })).toThrow(/unknown profile "nope" \(one of default, /);
    expect(PROFILES.find((p) => p.name === "hard")!.classes).toEqual(NOISE_CLASSES);
    for (const c of NOISE_CLASSES) expect(PROFILES.some((p) => p.name === c && p.classes.join() === c)).toBe(true);
  });

  it.each(NOISE_CLASSES.map((c) => [c]))("profile %s produces its noise class, keeps the base stores and is deterministic", (profile) => {
    const d = of(profile);
    expect(checks[profile]!(d)).toBeGreaterThanOrEqual(expected[profile]!);
    // The default data shows (almost) none of it.
    expect(checks[profile]!(base)).toBeLessThan(expected[profile]! / 2);
    expect(d.gi.map((r) => r.store_id)).toEqual(base.gi.map((r) => r.store_id));
    expect(d.truth).toEqual(base.truth);
    expect(generate({ stores: N, seed: 5, profile })).toEqual(d);
  });

  it("aliases include the short forms of the issue", () => {
    const names = new Set([...of("aliases").gi, ...of("aliases").th].map((r) => r.name));
    for (const a of ["CARREFOUR MKT", "MONOP", "ITM SUPER", "CENTRE LECLERC", "MAGASIN U", "U EXPRESS"]) expect(names.has(a)).toBe(true);
  });

  it("head-office phones are shared by many stores of one chain, and centroids by many stores", () => {
    expect(checks.headoffice!(of("headoffice"))).toBeGreaterThan(checks.headoffice!(base) * 10);
    const gi = of("centroids").gi.filter((r) => r.lat !== "");
    expect(new Set(gi.map((r) => `${r.lat},${r.lon}`)).size).toBeLessThan(gi.length * 0.8);
    // Twins of a centroid store can be kilometres apart.
    const far = twins(of("centroids")).filter(([g, t]) => g.lat && t.lat && Math.abs(Number(g.lat) - Number(t.lat)) > 0.01);
    expect(far.length).toBeGreaterThan(50);
  });

  it("foreign stores have US, UK and German formats that differ between the sources", () => {
    const d = of("foreign");
    const phones = [...d.gi, ...d.th].map((r) => r.phone);
    expect(phones.some((p) => /^\d{3}\/\d{3}-\d{4}$/.test(p))).toBe(true); // 213/848-6677
    expect(phones.some((p) => /^\d{3}-\d{3}-\d{4}$/.test(p))).toBe(true); // 213-848-6677
    for (const cc of ["+1 ", "+44 ", "+49 "]) expect(phones.some((p) => p.startsWith(cc))).toBe(true);
    expect(d.gi.some((r) => /^\d+ [NSEW] \w+ (Blvd|Ave|St|Dr|Rd)/.test(r.address))).toBe(true); // US style
    expect(d.th.some((r) => /^\d+ (NORTH|SOUTH|EAST|WEST) /.test(r.address))).toBe(true);
    expect(d.gi.some((r) => /^[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}$/.test(r.postcode))).toBe(true); // UK postcode
  });

  it("the hard profile shows every noise class", () => {
    const d = of("hard");
    for (const c of NOISE_CLASSES) expect(checks[c]!(d), c).toBeGreaterThanOrEqual(expected[c]! / 3); // other classes rename some stores
  });
});
