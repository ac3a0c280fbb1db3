/** Vocabulary of the noise profiles (lib/generate/profiles.ts): the hard cases real master data has. */

/** Brand aliases and short forms, by the chain's GI display name (see CHAINS). */
export const BRAND_ALIASES: Record<string, string[]> = {
  "Carrefour Market": ["CARREFOUR MKT", "CnF MARKET", "CRF MARKET", "MARKET"],
  "Carrefour City": ["CRF CITY", "CnF CITY", "CARREF CITY"],
  "Carrefour Express": ["CARREFOUR EXP", "CRF EXPRESS", "CnF EXPRESS"],
  Intermarché: ["ITM SUPER", "INTERMARCHE SUPER", "ITM", "LES MOUSQUETAIRES INTERMARCHE"],
  "E.Leclerc": ["CENTRE LECLERC", "LECLERC", "E LECLERC HYPER", "CENTRE E.LECLERC"],
  Auchan: ["AUCHAN SUPERMARCHE", "AUCHAN HYPER", "MY AUCHAN"],
  Monoprix: ["MONOP", "MONOP'", "MONOPRIX CITY"],
  Franprix: ["FRANPRIX NOUVELLE GENERATION", "FRAN PRIX"],
  "Casino Shop": ["PETIT CASINO", "CASINO", "SPAR CASINO SHOP"],
  "Super U": ["U EXPRESS", "MAGASIN U", "HYPER U", "SYSTEME U"],
  Lidl: ["LIDL FRANCE", "LIDL SNC"],
  Picard: ["PICARD SURGELES"],
  Décathlon: ["DECATHLON CITY", "DKT"],
  "Optic 2000": ["OPTIC2000", "OPTIQUE 2000"],
  "Brioche Dorée": ["LA BRIOCHE DOREE", "BRIOCHE DOREE CAFE"],
  "Marie Blachère": ["BOULANGERIE MARIE BLACHERE", "M. BLACHERE"],
  "Grand Frais": ["GRAND FRAIS PRIMEUR"],
  "Leroy Merlin": ["LEROY-MERLIN", "LM BRICOLAGE"],
  "Yves Rocher": ["Y. ROCHER", "YVES ROCHER BEAUTE"],
};

/** Second word of a franchisee's company name ("SARL MOREL DISTRIBUTION"). */
export const FRANCHISEE_SUFFIXES = ["DISTRIBUTION", "EXPLOITATION", "COMMERCE", "ALIMENTATION", "HOLDING", "DISTRI", "GESTION", ""];
export const FRANCHISEE_LEGAL = ["SARL", "SAS", "SA", "EURL", "SNC", "SASU"];

/** Words added to one source's name only ("four seasons grill room" vs "four seasons"). */
export const EXTRA_WORDS = ["Salon de Thé", "Traiteur", "Bio", "Centre Ville", "Artisan", "Drive", "Grill Room", "& Fils", "Tradition", "Gourmet"];
export const ARTICLES = ["Le", "La", "Les"];

/** Neighbouring localities a source writes instead of the city (same postcode area). */
export const NEIGHBOURS: Record<string, string[]> = {
  Paris: ["Boulogne-Billancourt", "Montreuil", "Levallois-Perret", "Neuilly-sur-Seine", "Vincennes"],
  Lyon: ["Villeurbanne", "Vénissieux", "Caluire-et-Cuire", "Écully"],
  Marseille: ["Aubagne", "Allauch", "Plan-de-Cuques"],
  Toulouse: ["Blagnac", "Colomiers", "Balma"],
  Bordeaux: ["Mérignac", "Pessac", "Talence", "Bègles"],
  Lille: ["Roubaix", "Villeneuve-d'Ascq", "Lambersart", "Lomme"],
  Nice: ["Saint-Laurent-du-Var", "Cagnes-sur-Mer"],
  Nantes: ["Saint-Herblain", "Rezé", "Orvault"],
  Strasbourg: ["Schiltigheim", "Illkirch-Graffenstaden", "Bischheim"],
  Montpellier: ["Castelnau-le-Lez", "Lattes", "Pérols"],
  Rennes: ["Cesson-Sévigné", "Saint-Grégoire"],
  Grenoble: ["Échirolles", "Saint-Martin-d'Hères", "Meylan"],
  Bruxelles: ["Ixelles", "Schaerbeek", "Anderlecht", "Etterbeek"],
  Toulon: ["La Seyne-sur-Mer", "La Valette-du-Var"],
  Rouen: ["Mont-Saint-Aignan", "Sotteville-lès-Rouen"],
};

/** Cities with arrondissements ("Lyon 3e Arrondissement", "PARIS 16"). */
export const ARRONDISSEMENT_CITIES = new Set(["Paris", "Lyon", "Marseille"]);

/** Malls, retail parks and industrial areas a source gives instead of the street. */
export const MALL_TYPES = ["ZONE COMMERCIALE", "CENTRE COMMERCIAL", "C.C.", "ZAC", "ZI", "PARC D'ACTIVITES", "GALERIE MARCHANDE"];
export const MALL_NAMES = [
  "DES FONTAINES", "LA PART-DIEU", "LES 4 TEMPS", "DU GRAND PRE", "NORD", "SUD", "DES PORTES DE L'OUEST", "BEAUGRENELLE",
  "CAP SUD", "LES ARCADES", "DU MOULIN", "LES TERRASSES", "MERIADECK", "EURALILLE", "ATLANTIS", "GRAND VAR", "POLYGONE",
  "DES LACS", "DE LA GARE", "LES HALLES", "DU CHAMP DE FOIRE", "LES PORTES DU SUD", "DE LA BERGERIE",
];

/** Non-French stores of the `foreign` class (US, UK and German cities). */
export interface ForeignCity {
  name: string;
  /** Other spellings or neighbouring localities one source uses ("W. Hollywood" for Los Angeles). */
  variants: string[];
  country: "US" | "GB" | "DE";
  countryNames: string[];
  lat: number;
  lon: number;
  /** Area codes without trunk prefix. */
  areaCodes: string[];
  /** Postcode prefixes (US/DE: the first digits of a 5-digit code; GB: outward codes). */
  postcodes: string[];
  weight: number;
}

export const FOREIGN_CITIES: ForeignCity[] = [
  { name: "Los Angeles", variants: ["W. Hollywood", "West Hollywood", "Santa Monica", "Beverly Hills", "LA"], country: "US", countryNames: ["US", "USA", "United States"], lat: 34.0522, lon: -118.2437, areaCodes: ["213", "310", "323"], postcodes: ["900", "902", "904"], weight: 3 },
  { name: "New York", variants: ["New York City", "NYC", "Manhattan", "Brooklyn"], country: "US", countryNames: ["US", "USA", "United States"], lat: 40.7128, lon: -74.006, areaCodes: ["212", "718", "646"], postcodes: ["100", "101", "112"], weight: 3 },
  { name: "Chicago", variants: ["Evanston", "Oak Park"], country: "US", countryNames: ["US", "USA", "United States"], lat: 41.8781, lon: -87.6298, areaCodes: ["312", "773"], postcodes: ["606"], weight: 2 },
  { name: "London", variants: ["Westminster", "Camden", "City of London", "Greater London"], country: "GB", countryNames: ["GB", "UK", "United Kingdom"], lat: 51.5074, lon: -0.1278, areaCodes: ["20"], postcodes: ["W1D", "SW1A", "EC1A", "NW1", "SE1"], weight: 3 },
  { name: "Manchester", variants: ["Salford", "Gtr Manchester"], country: "GB", countryNames: ["GB", "UK", "United Kingdom"], lat: 53.4808, lon: -2.2426, areaCodes: ["161"], postcodes: ["M1", "M2", "M4"], weight: 1 },
  { name: "Berlin", variants: ["Berlin-Mitte", "Charlottenburg", "Kreuzberg"], country: "DE", countryNames: ["DE", "Germany", "Deutschland"], lat: 52.52, lon: 13.405, areaCodes: ["30"], postcodes: ["101", "104", "107"], weight: 2 },
  { name: "München", variants: ["Munich", "Muenchen", "Schwabing"], country: "DE", countryNames: ["DE", "Germany", "Deutschland"], lat: 48.1351, lon: 11.582, areaCodes: ["89"], postcodes: ["803", "806", "809"], weight: 2 },
  { name: "Köln", variants: ["Cologne", "Koeln", "Köln-Ehrenfeld"], country: "DE", countryNames: ["DE", "Germany", "Deutschland"], lat: 50.9375, lon: 6.9603, areaCodes: ["221"], postcodes: ["506", "508"], weight: 1 },
];

export const US_STREETS = ["Sunset", "Main", "Broadway", "Wilshire", "Melrose", "Lexington", "Madison", "Michigan", "State", "Fairfax", "La Brea", "Hudson", "Park", "Oak", "Elm"];
export const US_STREET_TYPES: [string, string[]][] = [["Boulevard", ["Blvd", "Blvd."]], ["Avenue", ["Ave", "Ave."]], ["Street", ["St", "St."]], ["Drive", ["Dr", "Dr."]], ["Road", ["Rd", "Rd."]]];
export const US_DIRECTIONS: [string, string][] = [["West", "W"], ["East", "E"], ["North", "N"], ["South", "S"]];
export const UK_STREETS = ["High", "Church", "Station", "King's", "Queen's", "Victoria", "Baker", "Oxford", "Market", "Mill"];
export const UK_STREET_TYPES: [string, string[]][] = [["Street", ["St", "St."]], ["Road", ["Rd", "Rd."]], ["Lane", ["Ln"]], ["Parade", ["Pde"]]];
export const DE_STREETS = ["Haupt", "Bahnhof", "Schiller", "Goethe", "Garten", "Kirch", "Markt", "Linden", "Berliner", "Friedrich"];

/** English trade names of independent foreign stores ("art's deli" vs "art's delicatessen"). */
export const FOREIGN_TRADES: [string, string][] = [
  ["Delicatessen", "Deli"], ["Grill Room", "Grill"], ["Bakery", "Bakery"], ["Pharmacy", "Pharm."], ["Bookstore", "Books"],
  ["Market", "Mkt"], ["Diner", "Diner"], ["Coffee House", "Coffee"], ["Hardware", "Hdwe"], ["Florist", "Flowers"],
];
export const FOREIGN_OWNERS = ["Art's", "Joe's", "Four Seasons", "Palm", "Chardonnay", "Golden Gate", "Rosie's", "Sam's", "Lucky", "Union", "Harbor", "Sunrise", "Café Müller", "Schmidt's", "Old Town"];
