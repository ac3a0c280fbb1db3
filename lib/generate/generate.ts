import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { AppError } from "../control/errors";
import { Noise, profileClasses, type NoisePlan } from "./profiles";
import { Rng } from "./random";
import {
  CHAINS, CITIES, LEGAL_FORMS, PLACE_SUFFIXES, STREET_NAMES, STREET_TYPES, SURNAMES, TRADES,
  WORD_ABBREVIATIONS, type City,
} from "./vocab";

export const STORE_COLUMNS = ["store_id", "name", "address", "postcode", "city", "country", "lat", "lon", "phone"] as const;
export type StoreColumn = (typeof STORE_COLUMNS)[number];
/** The columns a generated file may leave out (every one but the required store_id and name). */
export const DROPPABLE_COLUMNS: readonly string[] = STORE_COLUMNS.filter((c) => c !== "store_id" && c !== "name");
export type StoreRow = Record<StoreColumn, string> & { extra: string };

/** One physical store, before either source writes it down. */
export interface PhysicalStore {
  city: City;
  postcode: string;
  chain: [string, string, number] | null;
  name: string;
  legalGi: string | null;
  legalTh: string | null;
  legalBefore: boolean;
  number: number | null;
  streetType: [string, string[]];
  streetName: string;
  lat: number;
  lon: number;
  phoneDigits: string; // national number without trunk prefix
  inGi: boolean;
  inTh: boolean;
  typoIn: "gi" | "th" | null;
  addressTypoIn: "gi" | "th" | null;
  /** The noise profile's plan for this store (absent under the default profile). */
  noise?: NoisePlan;
}

/** The most stores generate builds: it holds them in memory (bench/pipeline runs 1.09M; far more runs out of heap). */
export const MAX_GENERATED_STORES = 1_200_000;

export interface GenerateOptions {
  stores: number;
  seed?: number;
  /** Columns to leave out of both files (e.g. postcode, phone, lat, lon). */
  dropColumns?: string[];
  /** Noise profile (lib/generate/profiles.ts); default: "default", the base data alone. */
  profile?: string;
}

export interface GeneratedData {
  gi: StoreRow[];
  th: StoreRow[];
  truth: [string, string][];
}

const STREET_WEIGHTS: Record<string, number> = {
  Rue: 50, Avenue: 18, Boulevard: 10, Place: 5, Chemin: 4, Route: 4, Allée: 3, Impasse: 2, Quai: 2, Cours: 2,
};

const stripAccents = (s: string) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "");

function typo(rng: Rng, text: string): string {
  const words = text.split(" ");
  const candidates = words.map((w, i) => [w, i] as const).filter(([w]) => /^[\p{L}]{5,}$/u.test(w));
  if (candidates.length === 0) return text;
  const [word, idx] = rng.pick(candidates);
  const p = rng.int(1, word.length - 2);
  let out: string;
  switch (rng.int(0, 3)) {
    case 0: // substitution
      out = word.slice(0, p) + rng.pick([..."aeioursnt"]) + word.slice(p + 1);
      break;
    case 1: // deletion
      out = word.slice(0, p) + word.slice(p + 1);
      break;
    case 2: // transposition
      out = word.slice(0, p) + word[p + 1] + word[p] + word.slice(p + 2);
      break;
    default: // doubled letter
      out = word.slice(0, p) + word[p] + word.slice(p);
  }
  words[idx] = out;
  return words.join(" ");
}

function jitterPostcode(rng: Rng, pc: string): string {
  const i = rng.int(2, pc.length - 1);
  const d = (Number(pc[i]) + rng.int(1, 9)) % 10;
  return pc.slice(0, i) + d + pc.slice(i + 1);
}

function formatPhone(rng: Rng, country: "FR" | "BE", digits: string, style: number): string {
  const cc = country === "FR" ? "33" : "32";
  const national = "0" + digits;
  const pairs = national.match(/.{1,2}/g)!.join(" ");
  switch (style % 5) {
    case 0: return pairs;
    case 1: return national;
    case 2: return `+${cc} ${digits.match(/^.|.{1,2}/g)!.join(" ")}`;
    case 3: return national.match(/.{1,2}/g)!.join(".");
    default: return `+${cc}${digits}`;
  }
}

function abbreviateWords(rng: Rng, text: string, p: number): string {
  return text
    .split(" ")
    .map((w) => {
      const key = w.replace(/-.*/, "");
      const forms = WORD_ABBREVIATIONS[key];
      if (forms && rng.chance(p)) return rng.pick(forms) + w.slice(key.length);
      return w;
    })
    .join(" ");
}

function makePhysical(rng: Rng, previous: PhysicalStore | null): PhysicalStore {
  // Hard negatives: a chain often has several stores in one city, at different addresses.
  const sibling = previous?.chain && rng.chance(0.25) ? previous : null;
  const city = sibling ? sibling.city : rng.weighted(CITIES.map((c) => [c, c.weight] as const));
  const chain = sibling ? sibling.chain : rng.chance(0.45) ? rng.weighted(CHAINS.map((c) => [c, c[2]] as const)) : null;
  let name: string;
  if (chain) name = chain[0];
  else {
    const trade = rng.pick(TRADES);
    const r = rng.next();
    if (r < 0.55) name = `${trade} ${rng.pick(SURNAMES)}`;
    else if (r < 0.85) name = `${trade} ${rng.pick(PLACE_SUFFIXES)}`;
    else name = `${trade} ${rng.pick(SURNAMES)} et Fils`;
  }
  // Legal entity names (GI comes from finance) carry legal forms; trading names (TH) rarely do.
  const legalGi = rng.chance(chain ? 0.08 : 0.3) ? rng.pick(LEGAL_FORMS) : null;
  const legalTh = legalGi && rng.chance(0.2) ? rng.pick(LEGAL_FORMS) : null;
  const spread = city.weight >= 5 ? 0.05 : 0.03;
  const phoneLen = city.country === "FR" ? 9 : 8;
  let phone = city.phonePrefix;
  while (phone.length < phoneLen) phone += String(rng.int(0, 9));
  const both = rng.next();
  return {
    city,
    postcode: rng.pick(city.postcodes),
    chain,
    name,
    legalGi,
    legalTh,
    legalBefore: rng.chance(0.4),
    number: rng.chance(0.95) ? rng.int(1, 250) : null,
    streetType: rng.weighted(STREET_TYPES.map((t) => [t, STREET_WEIGHTS[t[0]] ?? 1] as const)),
    streetName: rng.pick(STREET_NAMES),
    lat: city.lat + (rng.next() - 0.5) * 2 * spread,
    lon: city.lon + (rng.next() - 0.5) * 2 * spread * 1.4,
    phoneDigits: phone,
    inGi: both < 0.92,
    inTh: both >= 0.08,
    typoIn: rng.chance(0.04) ? (rng.chance(0.5) ? "gi" : "th") : null,
    addressTypoIn: rng.chance(0.04) ? (rng.chance(0.5) ? "gi" : "th") : null,
  };
}

function withLegal(name: string, legal: string | null, before: boolean): string {
  if (!legal) return name;
  return before ? `${legal} ${name}` : `${name} ${legal}`;
}

function renderGi(rng: Rng, s: PhysicalStore, id: string): StoreRow {
  let name = withLegal(s.name, s.legalGi, s.legalBefore);
  if (s.typoIn === "gi") name = typo(rng, name);
  const type = rng.chance(0.3) ? rng.pick(s.streetType[1]) : s.streetType[0];
  let address = [s.number, type, abbreviateWords(rng, s.streetName, 0.1)].filter((x) => x !== null).join(" ");
  if (s.addressTypoIn === "gi") address = typo(rng, address);
  const pcRoll = rng.next();
  return {
    store_id: id,
    name,
    address: rng.chance(0.02) ? "" : address,
    postcode: pcRoll < 0.02 ? jitterPostcode(rng, s.postcode) : pcRoll < 0.05 ? "" : s.postcode,
    city: s.city.name,
    country: s.city.country,
    lat: rng.chance(0.15) ? "" : s.lat.toFixed(6),
    lon: "",
    phone: rng.chance(0.1) ? "" : formatPhone(rng, s.city.country, s.phoneDigits, rng.int(0, 4)),
    extra: s.chain ? "chain" : "independent",
  };
}

function renderTh(rng: Rng, s: PhysicalStore, id: string): StoreRow {
  let name = withLegal(s.chain ? s.chain[1] : s.name, s.legalTh, !s.legalBefore);
  if (s.typoIn === "th") name = typo(rng, name);
  name = abbreviateWords(rng, name, 0.05).toUpperCase();
  if (rng.chance(0.8)) name = stripAccents(name);
  if (rng.chance(0.2)) name = name.replace(/ /, " - ");
  const type = rng.chance(0.3) ? rng.pick(s.streetType[1]) : s.streetType[0];
  let address = [s.number, type, abbreviateWords(rng, s.streetName, 0.15)].filter((x) => x !== null).join(" ");
  if (s.addressTypoIn === "th") address = typo(rng, address);
  address = stripAccents(address.toUpperCase());
  let city = s.city.name.toUpperCase();
  if (rng.chance(0.5)) city = stripAccents(city);
  if (rng.chance(0.5)) city = city.replace(/^SAINT-/, "ST ").replace(/-/g, " ");
  const pcRoll = rng.next();
  const hasCoords = rng.chance(0.75);
  return {
    store_id: id,
    name,
    address: rng.chance(0.02) ? "" : address,
    postcode: pcRoll < 0.02 ? jitterPostcode(rng, s.postcode) : pcRoll < 0.07 ? "" : s.postcode,
    city,
    country: s.city.country === "FR" ? rng.pick(["France", "FRANCE", "FR"]) : rng.pick(["Belgique", "BELGIQUE", "BE"]),
    lat: hasCoords ? (s.lat + (rng.next() - 0.5) * 0.0006).toFixed(5) : "",
    lon: hasCoords ? (s.lon + (rng.next() - 0.5) * 0.0008).toFixed(5) : "",
    phone: rng.chance(0.15) ? "" : formatPhone(rng, s.city.country, s.phoneDigits, rng.int(0, 4)),
    extra: s.city.country === "FR" ? "FR-" + s.postcode.slice(0, 2) : "BE",
  };
}

/** Generate GI and TH store lists and the truth pairs. Deterministic for a given seed. */
export function generate(opts: GenerateOptions): GeneratedData {
  if (!Number.isInteger(opts.stores) || opts.stores < 1) throw new AppError("INVALID", `stores must be a positive integer, got ${opts.stores}`);
  if (opts.stores > MAX_GENERATED_STORES) throw new AppError("INVALID", `stores must be at most ${MAX_GENERATED_STORES} (the data is built in memory)`);
  const classes = profileClasses(opts.profile ?? "default");
  const rng = new Rng(opts.seed ?? 42);
  // The noise has its own stream: the base draws, hence the default profile's data, never change.
  const noise = classes.size > 0 ? new Noise(classes, opts.seed ?? 42) : null;
  const gi: StoreRow[] = [];
  const th: StoreRow[] = [];
  const truth: [string, string][] = [];
  let previous: PhysicalStore | null = null;
  for (let i = 0; i < opts.stores; i++) {
    const s = makePhysical(rng, previous);
    noise?.plan(s, previous);
    previous = s;
    const giId = `GI${String(i + 1).padStart(7, "0")}`;
    const thId = `TH-${String((i * 7919 + 104729) % 100000000).padStart(8, "0")}`;
    if (s.inGi) {
      const row = renderGi(rng, s, giId);
      // GI keeps both coordinates or none.
      row.lon = row.lat === "" ? "" : s.lon.toFixed(6);
      noise?.apply("gi", row, s);
      gi.push(row);
    }
    if (s.inTh) {
      const row = renderTh(rng, s, thId);
      noise?.apply("th", row, s);
      th.push(row);
    }
    if (s.inGi && s.inTh) truth.push([giId, thId]);
  }
  rng.shuffle(gi);
  rng.shuffle(th);
  return { gi, th, truth };
}

function csvField(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function toCsv(rows: StoreRow[], extraName: string, drop: Set<string>): string {
  const cols = STORE_COLUMNS.filter((c) => !drop.has(c));
  const lines = [[...cols, extraName].join(",")];
  for (const r of rows) lines.push([...cols.map((c) => csvField(r[c])), csvField(r.extra)].join(","));
  return lines.join("\n") + "\n";
}

/** Write gi.csv, th.csv and truth.csv into outDir. */
export function writeGenerated(data: GeneratedData, outDir: string, dropColumns: string[] = []): void {
  const drop = new Set(dropColumns);
  for (const c of drop) {
    if (!DROPPABLE_COLUMNS.includes(c))
      throw new AppError("INVALID", `"${c}" is not an optional column (one of ${DROPPABLE_COLUMNS.join(", ")})`);
  }
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, "gi.csv"), toCsv(data.gi, "segment", drop));
  writeFileSync(join(outDir, "th.csv"), toCsv(data.th, "region_code", drop));
  writeFileSync(join(outDir, "truth.csv"), ["gi_id,th_id", ...data.truth.map(([g, t]) => `${g},${t}`)].join("\n") + "\n");
}
