/**
 * Finds personal data and credentials in free text. Pure and synchronous; every pattern is linear-time on its own
 * (no nested unbounded quantifiers), and callers cap the text they pass in.
 *
 * Detectors run in priority order and claim character ranges; a later detector never matches inside a range an
 * earlier one claimed (a card number inside an IBAN, digits of a token read as a phone number...).
 */
import { cardPrefixPlausible, ibanValid, luhnValid, ssnValid } from "./checks";

export const PII_TYPES = ["SECRET", "EMAIL", "IBAN", "CARD", "SSN", "NATIONAL_ID", "PHONE", "ADDRESS"] as const;
export type PiiType = (typeof PII_TYPES)[number];

export interface PiiMatch {
  type: PiiType;
  start: number;
  end: number;
  value: string;
}

type Detector = { type: PiiType; find: (text: string) => Iterable<{ start: number; end: number }> };

function* regexSpans(text: string, re: RegExp, accept: (m: RegExpMatchArray) => boolean | { start: number; end: number } = () => true) {
  for (const m of text.matchAll(re)) {
    const verdict = accept(m);
    if (verdict === false) continue;
    if (verdict === true) yield { start: m.index!, end: m.index! + m[0].length };
    else yield verdict;
  }
}

// ---------------------------------------------------------------------------------------------- credentials

/** Vendor key formats: OpenAI/Anthropic-style sk-, Stripe, GitHub, Slack, AWS, Google, JWTs, PEM private keys. */
const KNOWN_TOKENS = new RegExp(
  [
    String.raw`\b(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{10,}`,
    String.raw`\bsk-[A-Za-z0-9_-]{20,}`,
    String.raw`\bgh[pousr]_[A-Za-z0-9]{30,}`,
    String.raw`\bgithub_pat_[A-Za-z0-9_]{40,}`,
    String.raw`\bxox[abposr]-[A-Za-z0-9-]{10,}`,
    String.raw`\b(?:AKIA|ASIA)[0-9A-Z]{16}\b`,
    String.raw`\bAIza[0-9A-Za-z_-]{35}`,
    String.raw`\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}`,
    String.raw`-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]{0,8000}?-----END [A-Z ]*PRIVATE KEY-----`,
  ].join("|"),
  "g",
);

/** "Authorization: Bearer xyz", "password: hunter22", "api_key=...", "my PIN is 4321": the value only. */
const BEARER = /\b(?:Bearer|Basic|Token)\s+([A-Za-z0-9._~+/=-]{12,})/dg;
const KEY_VALUE =
  /\b(?:password|passwd|pwd|passcode|pass ?phrase|pin(?: code)?|api[_ -]?key|apikey|secret(?:[_ -]?key)?|client[_ -]?secret|access[_ -]?token|auth[_ -]?token|refresh[_ -]?token|token|otp|one[- ]time code|verification code|security code|cvv|cvc)["']?\s*(is|was|:|=|->)\s*["']?([^\s"',;]{3,200})/dgi;

/** Long random-looking strings (mixed case and digits, 32+ characters): keys nobody told us the format of. */
const HIGH_ENTROPY = /(?<![A-Za-z0-9_+/=-])[A-Za-z0-9_+=-]{32,512}(?![A-Za-z0-9_+/=-])/g;

function looksRandom(s: string): boolean {
  return /[a-z]/.test(s) && /[A-Z]/.test(s) && /\d/.test(s);
}

function* groupSpan(text: string, re: RegExp, group = 1) {
  for (const m of text.matchAll(re)) {
    const span = m.indices?.[group];
    if (span) yield { start: span[0], end: span[1] };
  }
}

// ---------------------------------------------------------------------------------------------- contact data

const EMAIL = /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}\b/g;

/** Country code + up to 30 groups; validated (and trimmed from the right) by ibanValid. */
const IBAN_CANDIDATE = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b/gi;

function* ibanSpans(text: string) {
  for (const m of text.matchAll(IBAN_CANDIDATE)) {
    let candidate = m[0];
    // A trailing word may have been swallowed ("DE89 3704 0044 0532 0130 00 THANKS"): shrink until valid.
    while (candidate.replace(/ /g, "").length >= 15) {
      if (ibanValid(candidate)) {
        yield { start: m.index!, end: m.index! + candidate.length };
        break;
      }
      candidate = candidate.slice(0, -1).trimEnd();
    }
  }
}

/** 13-19 digits, optionally grouped by single spaces or dashes; Luhn-checked with a plausible issuer prefix. */
const CARD_CANDIDATE = /(?<![\d+])\d(?:[ -]?\d){12,18}(?!\d)/g;

function cardDigits(s: string): string {
  return s.replace(/[ -]/g, "");
}

/** US SSN, formatted 123-45-6789 / 123 45 6789, or 9 bare digits right after "SSN" / "social security". */
const SSN_FORMATTED = /(?<![\d-])(\d{3})([- ])(\d{2})\2(\d{4})(?![\d-])/g;
const SSN_LABELLED = /\b(?:SSN|social security(?: number| no\.?| #)?)\s*(?:is|:|#)?\s*(\d{9})\b/dgi;

/** UK National Insurance number (two letters, six digits, A-D). */
const UK_NINO = /\b(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b/g;

/**
 * Phone numbers: international (+CC ...), North American formats, European trunk-prefixed numbers with
 * separators, and bare digit runs right after a word such as "phone", "call", "mobile". Bare runs without that
 * context stay: they are usually order or tracking numbers, which drafting needs.
 */
const PHONE_PATTERNS = [
  /(?<![\w+])\+\d{1,3}[ .-]?(?:\(\d{1,4}\)[ .-]?)?\d(?:[ .-]?\d){5,13}(?!\d)/g,
  /(?<!\d)\(\d{3}\) ?\d{3}[ .-]\d{4}(?!\d)/g,
  /(?<![\d-])\d{3}[.-]\d{3}[.-]\d{4}(?![\d-])/g,
  /(?<![\d-])\d{3} \d{3} \d{4}(?![\d-])/g,
  /(?<![\d+])0\d{2,4}[ /-]\d{3,4}[ -]?\d{3,4}(?![\d-])/g,
];
const PHONE_LABELLED =
  /\b(?:phone|tel(?:ephone)?|mobile|cell(?:phone)?|whats ?app|call me(?: (?:on|at))?|reach me(?: (?:on|at))?|text me(?: (?:on|at))?|telefon|handy|t[ée]l[ée]phone|tel[ée]fono|m[óo]vil|portable)\b[^\d\n]{0,20}(\d(?:[ .-]?\d){6,14})(?!\d)/dgi;

function digitCount(s: string): number {
  return s.replace(/\D/g, "").length;
}

// ---------------------------------------------------------------------------------------------- addresses

const STREET_SUFFIX =
  "(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Ter|Parkway|Pkwy|Circle|Cir|Highway|Hwy|Square|Sq|Close|Crescent|Cres|Gardens|Row|Trail|Trl|Mews|Grove|Walk|Hill)";
const UNIT = String.raw`(?:,? (?:Apt|Apartment|Suite|Ste|Unit|Flat|Floor|Fl|#) ?\.? ?[A-Za-z0-9-]{1,6})?`;
const CITY_STATE_ZIP = String.raw`(?:,? [A-Z][A-Za-z.'-]{1,30}(?: [A-Z][A-Za-z.'-]{1,30}){0,2},? (?:[A-Z]{2} )?\d{5}(?:-\d{4})?)?`;

/** "221B Baker Street, Apt 4, Springfield, IL 62704": house number, 1-4 capitalised words, a street suffix. */
const ADDRESS_EN = new RegExp(String.raw`\b\d{1,6}[A-Za-z]? (?:[A-Z][A-Za-z'-]{0,30} ){1,4}${STREET_SUFFIX}\b\.?${UNIT}${CITY_STATE_ZIP}`, "g");
/** German/Dutch/Nordic compounds: "Hauptstraße 12a", "Kirchweg 3", "Keizersgracht 123". */
const ADDRESS_COMPOUND =
  /\b[A-ZÄÖÜ][a-zäöüß]{2,30}(?:straße|strasse|str\.|weg|gasse|allee|platz|ring|damm|ufer|gracht|laan|straat|vej|gatan|gata|veien)\s\d{1,4}[a-z]?\b(?:,\s\d{4,5}\s[A-ZÄÖÜ][a-zäöüß]+)?/g;
/** Romance-language streets: "rue de Rivoli 10", "12 rue de la Paix", "Calle Mayor 5", "Via Roma 1". */
const ADDRESS_ROMANCE =
  /(?:\b\d{1,4},? (?:rue|avenue|boulevard|bd|place|chemin|allée|impasse|quai) (?:(?:de|du|des|la|le|l')\s?){0,2}[A-ZÉÈ][\w'-]{1,30}(?: [A-ZÉÈ][\w'-]{1,30}){0,3})|(?:\b(?:Rue|Calle|Via|Viale|Avenida|Rua|Carrer|Piazza|Plaza|Paseo|Corso) (?:(?:de|del|della|dos|da|la|las|los)\s){0,2}[A-ZÁÉÍÓÚ][\w'-]{1,30}(?: [A-ZÁÉÍÓÚ][\w'-]{1,30}){0,3},? (?:n[º°o.]\s?)?\d{1,4}[a-zA-Z]?\b)/g;
const PO_BOX = /\bP\.? ?O\.? Box \d{1,8}\b/gi;

// ---------------------------------------------------------------------------------------------- the pipeline

const DETECTORS: Detector[] = [
  { type: "SECRET", find: (t) => regexSpans(t, KNOWN_TOKENS) },
  { type: "SECRET", find: (t) => groupSpan(t, BEARER) },
  {
    type: "SECRET",
    find: function* (t) {
      for (const m of t.matchAll(KEY_VALUE)) {
        const span = m.indices?.[2];
        if (!span) continue;
        // Sentence punctuation after the value is not part of it ("my PIN is 4321." / "password: x1y2!").
        const value = m[2]!.replace(/[.!?)\]]+$/, "");
        if (value.length < 3) continue;
        // "my password is hunter22" is a secret; "the password is wrong" is not: after is/was, ask for a digit or symbol.
        if (/^(?:is|was)$/i.test(m[1]!) && !/[\d\W_]/.test(value)) continue;
        yield { start: span[0], end: span[0] + value.length };
      }
    },
  },
  { type: "EMAIL", find: (t) => regexSpans(t, EMAIL) },
  { type: "IBAN", find: ibanSpans },
  {
    type: "CARD",
    find: (t) =>
      regexSpans(t, CARD_CANDIDATE, (m) => {
        const digits = cardDigits(m[0]);
        return luhnValid(digits) && cardPrefixPlausible(digits);
      }),
  },
  { type: "SSN", find: (t) => regexSpans(t, SSN_FORMATTED, (m) => ssnValid(m[1]!, m[3]!, m[4]!)) },
  {
    type: "SSN",
    find: function* (t) {
      for (const m of t.matchAll(SSN_LABELLED)) {
        const d = m[1]!;
        const span = m.indices?.[1];
        if (span && ssnValid(d.slice(0, 3), d.slice(3, 5), d.slice(5))) yield { start: span[0], end: span[1] };
      }
    },
  },
  { type: "NATIONAL_ID", find: (t) => regexSpans(t, UK_NINO) },
  {
    type: "PHONE",
    find: function* (t) {
      for (const re of PHONE_PATTERNS) yield* regexSpans(t, re, (m) => digitCount(m[0]) >= 7 && digitCount(m[0]) <= 15);
      yield* groupSpan(t, PHONE_LABELLED);
    },
  },
  {
    type: "ADDRESS",
    find: function* (t) {
      yield* regexSpans(t, ADDRESS_EN);
      yield* regexSpans(t, ADDRESS_COMPOUND);
      yield* regexSpans(t, ADDRESS_ROMANCE);
      yield* regexSpans(t, PO_BOX);
    },
  },
  { type: "SECRET", find: (t) => regexSpans(t, HIGH_ENTROPY, (m) => looksRandom(m[0])) },
];

/** Every PII span in `text`, in order, non-overlapping (earlier detectors win). */
export function findPii(text: string): PiiMatch[] {
  const claimed: PiiMatch[] = [];
  const overlaps = (start: number, end: number) => claimed.some((c) => start < c.end && end > c.start);
  for (const detector of DETECTORS) {
    for (const span of detector.find(text)) {
      if (span.end <= span.start || overlaps(span.start, span.end)) continue;
      claimed.push({ type: detector.type, start: span.start, end: span.end, value: text.slice(span.start, span.end) });
    }
  }
  return claimed.sort((a, b) => a.start - b.start);
}
