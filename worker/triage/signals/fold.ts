// Text folding for the per-language lexicons (see SentimentLexicon in types.ts). Pure; runs in workerd.
// German keeps its distinctions by transliterating umlauts (schön → schoen, schon stays schon); the Romance
// languages and Dutch drop diacritics (customers often type "nao", "tres", "pesimo"). Only letters change, so
// the same function folds a regex source without touching its syntax.

import type { Folding } from "./types";

const UMLAUT: Readonly<Record<string, string>> = { ä: "ae", ö: "oe", ü: "ue", ß: "ss", Ä: "Ae", Ö: "Oe", Ü: "Ue", ẞ: "SS" };

/** Fold letters only (no case change): safe on a regex source. */
export function foldLetters(s: string, folding: Folding): string {
  const apostrophes = s.replace(/’/g, "'");
  if (folding === "umlaut") return apostrophes.replace(/[äöüßÄÖÜẞ]/g, (c) => UMLAUT[c] ?? c);
  if (folding === "accents") return apostrophes.normalize("NFD").replace(/\p{M}/gu, "").normalize("NFC");
  return apostrophes;
}

/** Fold a text for matching: lower-case, then the language's letter folding. */
export function foldText(s: string, folding: Folding): string {
  return foldLetters(s.toLowerCase(), folding);
}

/** The same regex, matching folded text. */
export function foldRegExp(re: RegExp, folding: Folding): RegExp {
  return folding === "lower" ? re : new RegExp(foldLetters(re.source, folding), re.flags);
}
