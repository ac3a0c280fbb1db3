/** Failure reasons (dbt/models/diagnostics/diag_unmatched_stores.sql) in words, for people. */
export const REASON_WORDS: Record<string, string> = {
  NO_CANDIDATE: "no candidate found in its blocks",
  LEGAL_FORM_NOISE: "would match without a legal form (SARL, SAS…) in one name",
  ABBREVIATION: "would match if abbreviations counted as the words",
  NAME_MISMATCH: "names too different",
  ADDRESS_MISMATCH: "addresses too different",
  POSTCODE_MISMATCH: "postcodes differ",
  CITY_MISMATCH: "cities differ",
  TOO_FAR: "coordinates too far apart",
  MISSING_FIELDS: "no shared locating field",
  AMBIGUOUS: "several candidates equally good",
  TAKEN_BY_BETTER: "its best candidate matched a better store",
  BELOW_THRESHOLD: "no single fix makes it pass",
};

/** A full sentence about one unmatched store and its best candidate, with what to do. */
export const REASON_EXPLAINED: Record<string, string> = {
  NO_CANDIDATE: "Blocking found no store in the other list that shares a city and name prefix, an address, a phone or a map cell with it. It may really exist in one list only, or its city or name is spelled too differently to be compared.",
  LEGAL_FORM_NOISE: "Its best candidate would pass once legal forms (SARL, SAS, EURL…) are removed from both names. Add the missing form to seeds/normalization/legal_forms.csv, then run the triggered stores again.",
  ABBREVIATION: "Its best candidate would pass if abbreviations (bd, av, st…) counted as the words they stand for. Add the abbreviation to seeds/normalization/abbreviations.csv.",
  NAME_MISMATCH: "Everything but the name agrees well enough; with a perfect name score the best candidate would pass. Check the names below: a rebrand or a typo is common.",
  ADDRESS_MISMATCH: "The addresses disagree; with a perfect address score the best candidate would pass. One list may hold an old address.",
  POSTCODE_MISMATCH: "The postcodes disagree; with equal postcodes the best candidate would pass. One of them is likely wrong.",
  CITY_MISMATCH: "The cities disagree; with equal cities the best candidate would pass (a district or a merged commune?).",
  TOO_FAR: "The coordinates are too far apart; at the same spot the best candidate would pass. One of the points may be misplaced.",
  MISSING_FIELDS: "The best candidate shares too few locating fields (address, postcode, phone, coordinates) to be trusted, however close the names.",
  AMBIGUOUS: "Several candidates pass with nearly the same score, so none was chosen. A steward can force the right pair below.",
  TAKEN_BY_BETTER: "Its best passing candidate was matched to another store with a better score. If that is wrong, force the right pair below.",
  BELOW_THRESHOLD: "The best candidate is below the bounds, and no single change would make it pass. They are probably different stores.",
};
