/**
 * Noise profiles of the generator: the hard cases of real master data (issue 9), each a class
 * that can be switched on alone (`--profile aliases`) or all together (`--profile hard`).
 *
 * The noise draws from its own random stream, so the base data of a seed is the same under
 * every profile and the default profile (no class) is exactly the data of before profiles.
 */
import { AppError } from "../control/errors";
import { Rng } from "./random";
import type { PhysicalStore, StoreRow } from "./generate";
import type { City } from "./vocab";
import {
  ARRONDISSEMENT_CITIES, ARTICLES, BRAND_ALIASES, DE_STREETS, EXTRA_WORDS, FOREIGN_CITIES, FOREIGN_OWNERS, FOREIGN_TRADES,
  FRANCHISEE_LEGAL, FRANCHISEE_SUFFIXES, MALL_NAMES, MALL_TYPES, NEIGHBOURS, UK_STREETS, UK_STREET_TYPES, US_DIRECTIONS,
  US_STREETS, US_STREET_TYPES, type ForeignCity,
} from "./noise-vocab";
import { SURNAMES } from "./vocab";

export const NOISE_CLASSES = [
  "franchisee", "aliases", "qualifiers", "phones", "localities", "moved", "centroids", "headoffice", "negatives", "foreign",
] as const;
export type NoiseClass = (typeof NOISE_CLASSES)[number];

export interface Profile {
  name: string;
  description: string;
  classes: readonly NoiseClass[];
}

/** Every profile, in the order `--help` lists them. */
export const PROFILES: readonly Profile[] = [
  { name: "default", description: "the base data: legal forms, typos, abbreviations, missing values, chain siblings in one city", classes: [] },
  { name: "franchisee", description: "GI names 35% of chain stores (10% of independents) after the franchisee's company (\"SARL MOREL DISTRIBUTION\"), TH keeps the sign", classes: ["franchisee"] },
  { name: "aliases", description: "30% of chain stores under a brand alias or short form in one source (\"CARREFOUR MKT\", \"MONOP\", \"ITM SUPER\", \"CENTRE LECLERC\", \"MAGASIN U\")", classes: ["aliases"] },
  { name: "qualifiers", description: "25% of stores with an article, a \"(city)\" suffix, a truncated word, an extra or a dropped word in one source", classes: ["qualifiers"] },
  { name: "phones", description: "30% of phones written in international or foreign styles in one source (\"+33 (0)1 48 …\", \"0033 1…\", \"01/48/…\")", classes: ["phones"] },
  { name: "localities", description: "25% of stores with another locality spelling in one source: arrondissement (\"Lyon 3e Arrondissement\"), CEDEX postcode and city, or a neighbouring commune", classes: ["localities"] },
  { name: "moved", description: "8% of stores with another address in one source: the store moved (other street, 0.5–3 km away) or a mall instead of the street (\"ZONE COMMERCIALE DES FONTAINES\")", classes: ["moved"] },
  { name: "centroids", description: "30% of stores geocoded to a city or postcode centroid in both sources (1–5 km off, one coordinate shared by many stores)", classes: ["centroids"] },
  { name: "headoffice", description: "the chain's head-office phone instead of the store's: 50% of chain stores in GI, 25% in TH (one number for hundreds of stores)", classes: ["headoffice"] },
  { name: "negatives", description: "35% of chain stores next to a store of the same chain in the same street (same postcode, numbers apart, coordinates 100 m apart)", classes: ["negatives"] },
  { name: "foreign", description: "8% of stores in US, UK and German cities: local address styles, postcodes, phone formats (\"213/848-6677\" vs \"213-848-6677\", +1, +44, +49) and locality names", classes: ["foreign"] },
  { name: "hard", description: "every class above at once", classes: NOISE_CLASSES },
];

export const PROFILE_NAMES = PROFILES.map((p) => p.name);

/** The noise classes of a profile; an unknown name is refused with the list of profiles. */
export function profileClasses(name: string): Set<NoiseClass> {
  const p = PROFILES.find((x) => x.name === name);
  if (!p) throw new AppError("INVALID", `unknown profile "${name}" (one of ${PROFILE_NAMES.join(", ")})`);
  return new Set(p.classes);
}

type Side = "gi" | "th";

interface ForeignStore {
  city: ForeignCity;
  gi: { address: string; postcode: string; city: string; phone: string; name: string | null };
  th: { address: string; postcode: string; city: string; phone: string; name: string | null };
  lat: number;
  lon: number;
}

/** The noise one physical store carries, decided once for both of its rows. */
export interface NoisePlan {
  franchisee: string | null;
  alias: { side: Side; name: string } | null;
  qualifier: { side: Side; kind: "article" | "article-after" | "city" | "truncate" | "extra" | "drop"; word: string } | null;
  phoneSide: Side | null;
  locality: { side: Side; city: string; postcode: string | null } | null;
  moved: { side: Side; address: string; postcode: string | null; lat: number | null; lon: number | null } | null;
  centroid: { gi: [number, number]; th: [number, number] } | null;
  headOffice: { gi: boolean; th: boolean } | null;
  foreign: ForeignStore | null;
  sibling: { chain: [string, string, number]; city: City; postcode: string; street: string; number: number } | null;
}

/** Noise state for one generate() call. */
export class Noise {
  readonly rng: Rng;
  constructor(readonly classes: Set<NoiseClass>, seed: number) {
    this.rng = new Rng((seed * 2654435761 + 0x2f6b3a1d) >>> 0);
  }

  has(c: NoiseClass): boolean {
    return this.classes.has(c);
  }

  /** Changes the physical store (negatives, foreign) and decides its noise plan. */
  plan(s: PhysicalStore, previous: PhysicalStore | null): void {
    const r = this.rng;
    const plan: NoisePlan = {
      franchisee: null, alias: null, qualifier: null, phoneSide: null, locality: null, moved: null, centroid: null, headOffice: null, foreign: null, sibling: null,
    };
    if (this.has("negatives") && s.chain && previous?.chain && previous.number !== null && r.chance(0.35)) {
      // A second store of the same chain in the same street: the classic false match. Written over
      // the rendered rows (not the physical store), so the base draws stay those of the seed.
      const p = previous;
      s.lat = p.lat + (r.next() - 0.5) * 0.0018;
      s.lon = p.lon + (r.next() - 0.5) * 0.0025;
      plan.sibling = { chain: p.chain!, city: p.city, postcode: p.postcode, street: `${p.streetType[0]} ${p.streetName}`, number: p.number! + r.int(1, 40) };
    }
    // The store as the sibling noise relocated it (the physical store keeps the fields the base draws read).
    const e: PhysicalStore = plan.sibling ? { ...s, chain: plan.sibling.chain, city: plan.sibling.city, postcode: plan.sibling.postcode } : s;
    const chain = e.chain;
    const side = (): Side => (r.chance(0.5) ? "gi" : "th");
    if (this.has("foreign") && r.chance(0.08)) plan.foreign = makeForeign(r, e, chain);
    if (this.has("franchisee") && r.chance(chain ? 0.35 : 0.1)) {
      const sfx = r.pick(FRANCHISEE_SUFFIXES);
      plan.franchisee = [r.pick(FRANCHISEE_LEGAL), upper(r.pick(SURNAMES)), sfx].filter(Boolean).join(" ");
    }
    if (this.has("aliases") && chain && BRAND_ALIASES[chain[0]] && r.chance(0.3))
      plan.alias = { side: r.chance(0.75) ? "th" : "gi", name: r.pick(BRAND_ALIASES[chain[0]]!) };
    if (this.has("qualifiers") && r.chance(0.25)) {
      const kind = r.pick(["article", "article-after", "city", "truncate", "extra", "drop"] as const);
      plan.qualifier = { side: side(), kind, word: kind.startsWith("article") ? r.pick(ARTICLES) : r.pick(EXTRA_WORDS) };
    }
    if (this.has("phones") && r.chance(0.3)) plan.phoneSide = side();
    if (this.has("localities") && r.chance(0.25)) plan.locality = makeLocality(r, e, side());
    if (this.has("moved") && r.chance(0.08)) plan.moved = makeMoved(r, e, side());
    if (this.has("centroids") && r.chance(0.3)) {
      const pick = (): [number, number] => (r.chance(0.5) ? [e.city.lat, e.city.lon] : postcodeCentroid(e.city, e.postcode));
      plan.centroid = { gi: pick(), th: pick() };
    }
    if (this.has("headoffice") && chain) plan.headOffice = { gi: r.chance(0.5), th: r.chance(0.25) };
    s.noise = plan;
  }

  /** Applies the store's plan to the row one source writes. */
  apply(source: Side, row: StoreRow, s: PhysicalStore): void {
    const plan = s.noise;
    if (!plan) return;
    const r = this.rng;
    const th = source === "th";
    const f = plan.foreign;
    const sib = plan.sibling;
    if (sib) {
      row.name = th ? sib.chain[1] : sib.chain[0];
      if (row.address !== "") row.address = th ? stripAccents(`${sib.number} ${sib.street}`.toUpperCase()) : `${sib.number} ${sib.street}`;
      if (row.postcode !== "") row.postcode = sib.postcode;
      row.city = th ? upper(sib.city.name) : sib.city.name;
      if (row.lat !== "") {
        row.lat = s.lat.toFixed(th ? 5 : 6);
        row.lon = s.lon.toFixed(th ? 5 : 6);
      }
      if (!th) row.country = sib.city.country;
    }
    if (f) {
      const v = f[source];
      if (v.name) row.name = v.name;
      if (row.address !== "") row.address = v.address;
      if (row.postcode !== "") row.postcode = v.postcode;
      row.city = v.city;
      row.country = th ? r.pick(f.city.countryNames).toUpperCase() : r.pick(f.city.countryNames);
      if (row.phone !== "") row.phone = v.phone;
      if (row.lat !== "") {
        row.lat = (f.lat + (th ? (r.next() - 0.5) * 0.0006 : 0)).toFixed(th ? 5 : 6);
        row.lon = (f.lon + (th ? (r.next() - 0.5) * 0.0008 : 0)).toFixed(th ? 5 : 6);
      }
      if (th) row.extra = f.city.country;
    }
    if (plan.franchisee && !th) row.name = plan.franchisee;
    if (plan.alias?.side === source) row.name = plan.alias.name;
    if (plan.qualifier?.side === source) row.name = qualify(r, row.name, plan.qualifier, row.city, th);
    if (plan.phoneSide === source && row.phone !== "" && !f) row.phone = foreignStylePhone(r, s.city.country, s.phoneDigits);
    if (plan.headOffice?.[source] && !f && row.phone !== "") row.phone = frenchPhone(r, headOfficeDigits((sib?.chain ?? s.chain)![0]));
    if (plan.locality?.side === source && !f) {
      row.city = th ? upper(plan.locality.city) : plan.locality.city;
      if (plan.locality.postcode && row.postcode !== "") row.postcode = plan.locality.postcode;
    }
    if (plan.moved?.side === source && row.address !== "") {
      row.address = th ? plan.moved.address.toUpperCase() : plan.moved.address;
      if (plan.moved.postcode && row.postcode !== "") row.postcode = plan.moved.postcode;
      if (plan.moved.lat !== null && row.lat !== "") {
        row.lat = plan.moved.lat.toFixed(th ? 5 : 6);
        row.lon = plan.moved.lon!.toFixed(th ? 5 : 6);
      }
    }
    if (plan.centroid && row.lat !== "" && !f) {
      const [lat, lon] = plan.centroid[source];
      row.lat = lat.toFixed(th ? 5 : 6);
      row.lon = lon.toFixed(th ? 5 : 6);
    }
  }
}

const upper = (s: string) => s.toUpperCase();
const stripAccents = (s: string) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "");

function qualify(r: Rng, name: string, q: NonNullable<NoisePlan["qualifier"]>, city: string, th: boolean): string {
  const cs = (s: string) => (th ? stripAccents(s.toUpperCase()) : s);
  const words = name.split(" ");
  switch (q.kind) {
    case "article":
      return `${cs(q.word)} ${name}`;
    case "article-after":
      return `${name}, ${cs(q.word)}`;
    case "city": {
      const c = city.replace(/ CEDEX.*$/i, "");
      return r.chance(0.5) ? `${name} (${c})` : `${name} - ${cs(c)}`;
    }
    case "truncate": {
      // "Delicatessen" → "Deli", "Boulangerie" → "Boul" (the longest word, cut after 4 or 5 letters).
      let best = -1;
      words.forEach((w, i) => {
        if (/^[\p{L}]{7,}$/u.test(w) && (best < 0 || w.length > words[best]!.length)) best = i;
      });
      if (best < 0) return `${name} ${cs(q.word)}`;
      words[best] = words[best]!.slice(0, r.int(4, 5)) + (r.chance(0.3) ? "." : "");
      return words.join(" ");
    }
    case "drop":
      if (words.length >= 3) return words.slice(0, -1).join(" ");
      return `${name} ${cs(q.word)}`;
    default:
      return `${name} ${cs(q.word)}`;
  }
}

/** A French or Belgian number written the way international or foreign systems write it. */
function foreignStylePhone(r: Rng, country: "FR" | "BE", digits: string): string {
  const cc = country === "FR" ? "33" : "32";
  const pairs = (s: string) => s.match(/^.|.{1,2}/g)!;
  const p = pairs(digits);
  switch (r.int(0, 6)) {
    case 0: return `+${cc} (0)${p.join(" ")}`;
    case 1: return `00${cc} ${digits}`;
    case 2: return `(0${p[0]}) ${p.slice(1).join(" ")}`;
    case 3: return `0${p.join("/")}`;
    case 4: return `0${p.join("-")}`;
    case 5: return `${cc}${digits}`;
    default: return `+${cc}-${p.join("-")}`;
  }
}

function frenchPhone(r: Rng, digits: string): string {
  const national = "0" + digits;
  switch (r.int(0, 2)) {
    case 0: return national.match(/.{1,2}/g)!.join(" ");
    case 1: return national;
    default: return `+33 ${digits.match(/^.|.{1,2}/g)!.join(" ")}`;
  }
}

function hash(s: string): number {
  let h = 2166136261;
  for (const ch of s) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return h;
}

/** The chain's head-office number (a Paris line), the same for every store of the chain. */
function headOfficeDigits(chain: string): string {
  return "1" + String(40000000 + (hash(chain) % 9999999)).slice(0, 8);
}

/** A postcode's centroid: 1.5–4 km from the city centre, the same point for every store of the postcode. */
function postcodeCentroid(city: City, postcode: string): [number, number] {
  const h = hash(postcode);
  const angle = ((h % 360) * Math.PI) / 180;
  const km = 1.5 + ((h >>> 9) % 250) / 100;
  return [city.lat + (km / 111) * Math.sin(angle), city.lon + (km / (111 * Math.cos((city.lat * Math.PI) / 180))) * Math.cos(angle)];
}

function makeLocality(r: Rng, s: PhysicalStore, side: Side): NoisePlan["locality"] {
  const kinds: ("arrondissement" | "cedex" | "neighbour")[] = [];
  if (ARRONDISSEMENT_CITIES.has(s.city.name)) kinds.push("arrondissement");
  if (s.city.country === "FR") kinds.push("cedex");
  if (NEIGHBOURS[s.city.name]) kinds.push("neighbour");
  if (kinds.length === 0) return null;
  const kind = r.pick(kinds);
  if (kind === "arrondissement") {
    const n = Number(s.postcode.slice(-2)) || 1;
    const forms = [`${s.city.name} ${n}e Arrondissement`, `${s.city.name} ${n}e`, `${s.city.name} ${String(n).padStart(2, "0")}`, `${s.city.name} ${n}ème`];
    return { side, city: r.pick(forms), postcode: null };
  }
  if (kind === "cedex") {
    const cedex = r.chance(0.5) ? ` ${String(r.int(1, 9)).padStart(2, "0")}` : "";
    return { side, city: `${s.city.name} Cedex${cedex}`, postcode: s.postcode.slice(0, 2) + String(r.int(300, 999)) };
  }
  return { side, city: r.pick(NEIGHBOURS[s.city.name]!), postcode: null };
}

function makeMoved(r: Rng, s: PhysicalStore, side: Side): NoisePlan["moved"] {
  if (r.chance(0.5)) {
    const mall = `${r.pick(MALL_TYPES)} ${r.pick(MALL_NAMES)}`;
    return { side, address: r.chance(0.3) ? `LOCAL ${r.int(1, 120)}, ${mall}` : mall, postcode: null, lat: null, lon: null };
  }
  // Moved: another street of the same city, 0.5–3 km away.
  const km = 0.5 + r.next() * 2.5;
  const angle = r.next() * 2 * Math.PI;
  const streets = ["Rue de la Paix", "Avenue de la Gare", "Boulevard Victor Hugo", "Rue du Commerce", "Place du Marché", "Rue Nationale", "Avenue Jean Moulin"];
  return {
    side,
    address: `${r.int(1, 200)} ${r.pick(streets)}`,
    postcode: r.chance(0.5) ? r.pick(s.city.postcodes) : null,
    lat: s.lat + (km / 111) * Math.sin(angle),
    lon: s.lon + (km / (111 * Math.cos((s.lat * Math.PI) / 180))) * Math.cos(angle),
  };
}

function makeForeign(r: Rng, s: PhysicalStore, chain: PhysicalStore["chain"]): ForeignStore {
  const city = r.weighted(FOREIGN_CITIES.map((c) => [c, c.weight] as const));
  const lat = city.lat + (r.next() - 0.5) * 0.08;
  const lon = city.lon + (r.next() - 0.5) * 0.1;
  const cityName = (th: boolean) => {
    const c = r.chance(0.35) ? r.pick(city.variants) : city.name;
    return th ? stripAccents(c.toUpperCase()) : c;
  };
  const number = r.int(1, 9999);
  let gi: { address: string; postcode: string; phone: string };
  let th: { address: string; postcode: string; phone: string };
  const area = r.pick(city.areaCodes);
  if (city.country === "US") {
    const [dir, d] = r.pick(US_DIRECTIONS);
    const [type, abbrs] = r.pick(US_STREET_TYPES);
    const street = r.pick(US_STREETS);
    const suite = r.chance(0.3) ? ` Suite ${r.int(100, 900)}` : "";
    const zip = r.pick(city.postcodes) + String(r.int(0, 99)).padStart(2, "0");
    const local = String(r.int(2000000, 9999999));
    const [a, b] = [local.slice(0, 3), local.slice(3)];
    gi = { address: `${number} ${d} ${street} ${r.pick(abbrs)}${suite}`, postcode: zip, phone: r.pick([`${area}/${a}-${b}`, `(${area}) ${a}-${b}`, `+1 ${area} ${a} ${b}`]) };
    th = { address: `${number} ${dir} ${street} ${type}${suite ? "," + suite : ""}`.toUpperCase(), postcode: r.chance(0.3) ? `${zip}-${r.int(1000, 9999)}` : zip, phone: r.pick([`${area}-${a}-${b}`, `1-${area}-${a}-${b}`, `${area}.${a}.${b}`]) };
  } else if (city.country === "GB") {
    const [type, abbrs] = r.pick(UK_STREET_TYPES);
    const street = r.pick(UK_STREETS);
    const pc = `${r.pick(city.postcodes)} ${r.int(1, 9)}${String.fromCharCode(65 + r.int(0, 25))}${String.fromCharCode(65 + r.int(0, 25))}`;
    const local = String(r.int(10000000, 99999999)).slice(0, area.length === 2 ? 8 : 7);
    const sp = area.length === 2 ? `${local.slice(0, 4)} ${local.slice(4)}` : `${local.slice(0, 3)} ${local.slice(3)}`;
    gi = { address: `${number % 300} ${street} ${r.pick(abbrs)}`, postcode: pc, phone: r.pick([`0${area} ${sp}`, `(0${area}) ${sp}`]) };
    th = { address: `${number % 300} ${street} ${type}`.toUpperCase(), postcode: r.chance(0.4) ? pc.replace(" ", "") : pc, phone: r.pick([`+44 ${area} ${sp}`, `+44 (0)${area} ${sp}`, `0044${area}${local}`]) };
  } else {
    const street = r.pick(DE_STREETS);
    const pc = r.pick(city.postcodes) + String(r.int(0, 99)).padStart(2, "0");
    const local = String(r.int(1000000, 99999999));
    gi = { address: `${street}straße ${number % 200}`, postcode: pc, phone: r.pick([`0${area} ${local}`, `0${area}/${local}`]) };
    th = { address: stripAccents(`${street}str. ${number % 200}`.toUpperCase()), postcode: pc, phone: r.pick([`+49 ${area} ${local}`, `+49 (0)${area} ${local}`, `0049${area}${local}`]) };
  }
  // Independent stores abroad get a local name ("Art's Delicatessen" vs "ART'S DELI").
  let giName: string | null = null;
  let thName: string | null = null;
  if (!chain) {
    const owner = r.pick(FOREIGN_OWNERS);
    const [full, short] = r.pick(FOREIGN_TRADES);
    giName = `${owner} ${full}`;
    thName = stripAccents(`${owner} ${r.chance(0.5) ? short : full}`.toUpperCase());
  }
  return {
    city,
    gi: { ...gi, city: cityName(false), name: giName },
    th: { ...th, city: cityName(true), name: thName },
    lat,
    lon,
  };
}
