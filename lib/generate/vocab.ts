/** Vocabulary for realistic French (and a few Belgian) store master data. */

export interface City {
  name: string;
  country: "FR" | "BE";
  /** Postcodes used in the city (arrondissements for the big ones). */
  postcodes: string[];
  lat: number;
  lon: number;
  /** Relative share of stores. */
  weight: number;
  /** Dialling prefix of landlines, after the trunk 0 (FR) or without it (BE). */
  phonePrefix: string;
}

const range = (base: number, count: number, step = 1) =>
  Array.from({ length: count }, (_, i) => String(base + i * step).padStart(5, "0"));

export const CITIES: City[] = [
  { name: "Paris", country: "FR", postcodes: range(75001, 20), lat: 48.8566, lon: 2.3522, weight: 14, phonePrefix: "1" },
  { name: "Marseille", country: "FR", postcodes: range(13001, 16), lat: 43.2965, lon: 5.3698, weight: 6, phonePrefix: "4" },
  { name: "Lyon", country: "FR", postcodes: range(69001, 9), lat: 45.764, lon: 4.8357, weight: 5, phonePrefix: "4" },
  { name: "Toulouse", country: "FR", postcodes: ["31000", "31100", "31200", "31300", "31400", "31500"], lat: 43.6047, lon: 1.4442, weight: 4, phonePrefix: "5" },
  { name: "Nice", country: "FR", postcodes: ["06000", "06100", "06200", "06300"], lat: 43.7102, lon: 7.262, weight: 3, phonePrefix: "4" },
  { name: "Nantes", country: "FR", postcodes: ["44000", "44100", "44200", "44300"], lat: 47.2184, lon: -1.5536, weight: 3, phonePrefix: "2" },
  { name: "Montpellier", country: "FR", postcodes: ["34000", "34070", "34080", "34090"], lat: 43.6108, lon: 3.8767, weight: 3, phonePrefix: "4" },
  { name: "Strasbourg", country: "FR", postcodes: ["67000", "67100", "67200"], lat: 48.5734, lon: 7.7521, weight: 3, phonePrefix: "3" },
  { name: "Bordeaux", country: "FR", postcodes: ["33000", "33100", "33200", "33300", "33800"], lat: 44.8378, lon: -0.5792, weight: 3, phonePrefix: "5" },
  { name: "Lille", country: "FR", postcodes: ["59000", "59160", "59260", "59777", "59800"], lat: 50.6292, lon: 3.0573, weight: 3, phonePrefix: "3" },
  { name: "Rennes", country: "FR", postcodes: ["35000", "35200", "35700"], lat: 48.1173, lon: -1.6778, weight: 2, phonePrefix: "2" },
  { name: "Reims", country: "FR", postcodes: ["51100"], lat: 49.2583, lon: 4.0317, weight: 2, phonePrefix: "3" },
  { name: "Saint-Étienne", country: "FR", postcodes: ["42000", "42100"], lat: 45.4397, lon: 4.3872, weight: 2, phonePrefix: "4" },
  { name: "Le Havre", country: "FR", postcodes: ["76600", "76610", "76620"], lat: 49.4944, lon: 0.1079, weight: 2, phonePrefix: "2" },
  { name: "Toulon", country: "FR", postcodes: ["83000", "83100", "83200"], lat: 43.1242, lon: 5.928, weight: 2, phonePrefix: "4" },
  { name: "Grenoble", country: "FR", postcodes: ["38000", "38100"], lat: 45.1885, lon: 5.7245, weight: 2, phonePrefix: "4" },
  { name: "Dijon", country: "FR", postcodes: ["21000"], lat: 47.322, lon: 5.0415, weight: 2, phonePrefix: "3" },
  { name: "Angers", country: "FR", postcodes: ["49000", "49100"], lat: 47.4784, lon: -0.5632, weight: 2, phonePrefix: "2" },
  { name: "Nîmes", country: "FR", postcodes: ["30000", "30900"], lat: 43.8367, lon: 4.3601, weight: 2, phonePrefix: "4" },
  { name: "Villeurbanne", country: "FR", postcodes: ["69100"], lat: 45.7719, lon: 4.8902, weight: 2, phonePrefix: "4" },
  { name: "Clermont-Ferrand", country: "FR", postcodes: ["63000", "63100"], lat: 45.7772, lon: 3.087, weight: 2, phonePrefix: "4" },
  { name: "Le Mans", country: "FR", postcodes: ["72000", "72100"], lat: 48.0061, lon: 0.1996, weight: 1, phonePrefix: "2" },
  { name: "Aix-en-Provence", country: "FR", postcodes: ["13090", "13100"], lat: 43.5297, lon: 5.4474, weight: 1, phonePrefix: "4" },
  { name: "Brest", country: "FR", postcodes: ["29200"], lat: 48.3904, lon: -4.4861, weight: 1, phonePrefix: "2" },
  { name: "Tours", country: "FR", postcodes: ["37000", "37100", "37200"], lat: 47.3941, lon: 0.6848, weight: 1, phonePrefix: "2" },
  { name: "Amiens", country: "FR", postcodes: ["80000", "80080", "80090"], lat: 49.8941, lon: 2.2958, weight: 1, phonePrefix: "3" },
  { name: "Limoges", country: "FR", postcodes: ["87000", "87100"], lat: 45.8336, lon: 1.2611, weight: 1, phonePrefix: "5" },
  { name: "Saint-Denis", country: "FR", postcodes: ["93200", "93210"], lat: 48.9362, lon: 2.3574, weight: 1, phonePrefix: "1" },
  { name: "Saint-Malo", country: "FR", postcodes: ["35400"], lat: 48.6493, lon: -2.0257, weight: 1, phonePrefix: "2" },
  { name: "Perpignan", country: "FR", postcodes: ["66000", "66100"], lat: 42.6887, lon: 2.8948, weight: 1, phonePrefix: "4" },
  { name: "Metz", country: "FR", postcodes: ["57000", "57050", "57070"], lat: 49.1193, lon: 6.1757, weight: 1, phonePrefix: "3" },
  { name: "Besançon", country: "FR", postcodes: ["25000"], lat: 47.2378, lon: 6.0241, weight: 1, phonePrefix: "3" },
  { name: "Orléans", country: "FR", postcodes: ["45000", "45100"], lat: 47.9029, lon: 1.9093, weight: 1, phonePrefix: "2" },
  { name: "Rouen", country: "FR", postcodes: ["76000", "76100"], lat: 49.4432, lon: 1.0999, weight: 1, phonePrefix: "2" },
  { name: "Caen", country: "FR", postcodes: ["14000"], lat: 49.1829, lon: -0.3707, weight: 1, phonePrefix: "2" },
  { name: "Nancy", country: "FR", postcodes: ["54000", "54100"], lat: 48.6921, lon: 6.1844, weight: 1, phonePrefix: "3" },
  { name: "Avignon", country: "FR", postcodes: ["84000"], lat: 43.9493, lon: 4.8055, weight: 1, phonePrefix: "4" },
  { name: "La Rochelle", country: "FR", postcodes: ["17000"], lat: 46.1603, lon: -1.1511, weight: 1, phonePrefix: "5" },
  { name: "Bruxelles", country: "BE", postcodes: ["1000", "1020", "1030", "1040", "1050", "1060"], lat: 50.8503, lon: 4.3517, weight: 3, phonePrefix: "2" },
  { name: "Liège", country: "BE", postcodes: ["4000", "4020"], lat: 50.6326, lon: 5.5797, weight: 1, phonePrefix: "4" },
  { name: "Namur", country: "BE", postcodes: ["5000"], lat: 50.4674, lon: 4.8712, weight: 1, phonePrefix: "81" },
];

/** Chain brands: [display name as GI writes it, how TH writes it, share]. */
export const CHAINS: [string, string, number][] = [
  ["Carrefour Market", "CARREFOUR MARKET", 5],
  ["Carrefour City", "CARREFOUR CITY", 5],
  ["Carrefour Express", "CARREFOUR EXPRESS", 3],
  ["Intermarché", "INTERMARCHE", 4],
  ["E.Leclerc", "E.LECLERC", 3],
  ["Auchan", "AUCHAN", 2],
  ["Monoprix", "MONOPRIX", 3],
  ["Franprix", "FRANPRIX", 3],
  ["Casino Shop", "CASINO SHOP", 2],
  ["Lidl", "LIDL", 3],
  ["Aldi", "ALDI", 2],
  ["Super U", "SUPER U", 2],
  ["Picard", "PICARD", 2],
  ["Biocoop", "BIOCOOP", 2],
  ["Naturalia", "NATURALIA", 1],
  ["Décathlon", "DECATHLON", 1],
  ["Fnac", "FNAC", 1],
  ["Darty", "DARTY", 1],
  ["Boulanger", "BOULANGER", 1],
  ["Leroy Merlin", "LEROY MERLIN", 1],
  ["Castorama", "CASTORAMA", 1],
  ["Sephora", "SEPHORA", 1],
  ["Yves Rocher", "YVES ROCHER", 1],
  ["Optic 2000", "OPTIC 2000", 1],
  ["Krys", "KRYS", 1],
  ["Grand Frais", "GRAND FRAIS", 1],
  ["Marie Blachère", "MARIE BLACHERE", 1],
  ["Brioche Dorée", "BRIOCHE DOREE", 1],
];

/** Independent trades, each with name patterns. */
export const TRADES = [
  "Boulangerie", "Boucherie", "Pharmacie", "Librairie", "Fleuriste", "Épicerie", "Pressing",
  "Coiffure", "Optique", "Tabac Presse", "Cordonnerie", "Fromagerie", "Cave", "Quincaillerie",
  "Poissonnerie", "Pâtisserie", "Bijouterie", "Primeur", "Droguerie", "Chocolaterie",
];

export const PLACE_SUFFIXES = [
  "du Centre", "de la Gare", "du Marché", "de la Place", "des Halles", "du Port", "de l'Église",
  "du Château", "des Arts", "du Parc", "de la Mairie", "du Pont",
];

export const SURNAMES = [
  "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
  "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux",
  "Vincent", "Fournier", "Morel", "Girard", "André", "Lefèvre", "Mercier", "Dupont", "Lambert",
  "Bonnet", "François", "Martinez", "Legrand", "Garnier", "Faure", "Rousseau", "Blanc",
  "Guérin", "Muller", "Henry", "Roussel", "Nicolas", "Perrin", "Morin", "Mathieu", "Clément",
  "Gauthier", "Dumont", "Lopez", "Fontaine", "Chevalier", "Robin", "Masson", "Sanchez",
  "Gérard", "Nguyen", "Boyer", "Denis", "Lemaire", "Duval", "Joly", "Gautier", "Roger",
  "Roche", "Roy", "Noël", "Meyer", "Lucas", "Meunier", "Jean", "Pérez", "Marchand", "Dufour",
  "Blanchard", "Marie", "Barbier", "Brun", "Dumas", "Brunet", "Schmitt", "Leroux", "Colin",
  "Fernandez", "Pierre", "Renard", "Arnaud", "Rolland", "Caron", "Aubert", "Giraud", "Leclerc",
  "Vidal", "Bourgeois", "Renaud", "Lemoine", "Picard", "Gaillard", "Philippe", "Leclercq",
  "Lacroix", "Fabre", "Dupuis", "Olivier", "Rodriguez", "Da Silva", "Hubert", "Louis",
  "Charles", "Guillot", "Rivière", "Le Gall", "Guillaume", "Adam", "Rey", "Moulin", "Gonzalez",
  "Berger", "Lecomte", "Menard", "Fleury", "Deschamps", "Carpentier", "Julien", "Benoît",
  "Paris", "Maillard", "Marchal", "Aubry", "Vasseur", "Le Roux", "Renault", "Jacquet",
  "Collet", "Prévost", "Poirier", "Charpentier", "Royer", "Huet", "Baron", "Dupuy", "Pons",
  "Paul", "Laine", "Carré", "Breton", "Rémy", "Schneider", "Perrot", "Guyot", "Barre",
  "Marty", "Cousin",
];

/** Street types: full form and abbreviations seen in the wild. */
export const STREET_TYPES: [string, string[]][] = [
  ["Rue", ["R.", "R"]],
  ["Avenue", ["Av.", "Av", "Ave"]],
  ["Boulevard", ["Bd", "Bd.", "Bld"]],
  ["Place", ["Pl.", "Pl"]],
  ["Chemin", ["Ch.", "Chem."]],
  ["Route", ["Rte", "Rte."]],
  ["Allée", ["All.", "All"]],
  ["Impasse", ["Imp.", "Imp"]],
  ["Quai", ["Qu."]],
  ["Cours", ["Crs"]],
];

export const STREET_NAMES = [
  "Jean Jaurès", "de la République", "Victor Hugo", "du Général de Gaulle", "Pasteur",
  "de la Gare", "des Lilas", "Gambetta", "Jules Ferry", "de la Liberté", "Voltaire",
  "Émile Zola", "du Maréchal Foch", "de Verdun", "de la Paix", "Saint-Michel", "Carnot",
  "Anatole France", "Aristide Briand", "de Paris", "Nationale", "de la Mairie", "du Moulin",
  "des Écoles", "Saint-Martin", "Denfert-Rochereau", "Léon Blum", "Pierre Curie",
  "Marie Curie", "du Docteur Schweitzer", "de Strasbourg", "de Lyon", "Lamartine",
  "Alsace-Lorraine", "du 8 Mai 1945", "du 11 Novembre", "Jean Moulin", "de Bretagne",
  "des Acacias", "des Tilleuls", "du Stade", "de l'Église", "Sainte-Catherine",
  "Paul Bert", "Louis Pasteur", "Édouard Herriot", "de la Croix Rousse", "Thiers",
  "Molière", "Racine", "Montaigne", "Rabelais", "du Commerce", "de l'Industrie",
  "des Martyrs", "de la Libération", "du Château", "des Fleurs", "des Roses", "du Port",
  "de la Fontaine", "du Marché", "des Peupliers", "Mozart", "Berlioz", "Chopin",
  "Georges Clemenceau", "Jean Monnet", "Charles de Gaulle", "Saint-Jacques", "Notre-Dame",
  "de la Cathédrale", "des Carmes", "des Jacobins", "Sadi Carnot", "Félix Faure",
  "du Président Wilson", "de Bordeaux", "de Toulouse", "de Nantes", "Kléber", "Masséna",
  "Garibaldi", "Alphonse Daudet", "Frédéric Mistral", "Jean Macé", "Condorcet",
  "Général Leclerc", "Maréchal Joffre", "des Champs", "de la Forêt", "du Lac",
];

/** Legal forms as they appear in raw names (dotted and plain). */
export const LEGAL_FORMS = [
  "SAS", "SARL", "EURL", "SA", "SNC", "SASU", "S.A.S.", "S.A.R.L.", "E.U.R.L.", "S.A.",
  "S.N.C.", "S.A.S.U.", "Sarl", "Sas",
];

/** Word abbreviations used in names and addresses (full → short). */
export const WORD_ABBREVIATIONS: Record<string, string[]> = {
  Saint: ["St"],
  Sainte: ["Ste"],
  Général: ["Gal", "Gén."],
  Maréchal: ["Mal", "Mar."],
  Docteur: ["Dr", "Doct."],
  Président: ["Pdt", "Prés."],
  Pharmacie: ["Pharm.", "Pharma"],
  Boulangerie: ["Boul.", "Boulang."],
  Boucherie: ["Bouch."],
  Librairie: ["Libr."],
  Épicerie: ["Epic."],
  Cordonnerie: ["Cordo."],
  Fromagerie: ["Fromag."],
  Quincaillerie: ["Quinc."],
  Market: ["Mkt"],
  Express: ["Exp."],
  Centre: ["Ctre"],
};
