/**
 * Finds personal data and credentials in free text. Pure and synchronous; every pattern is linear-time on its own
 * (no nested unbounded quantifiers), and callers cap the text they pass in.
 *
 * Detectors run in priority order and claim character ranges; a later detector never matches inside a range an
 * earlier one claimed (a card number inside an IBAN, digits of a token read as a phone number...).
 */
import { bsnValid, cardPrefixPlausible, cpfValid, dniValid, ibanValid, luhnValid, nifPtValid, nirValid, ssnValid, steuerIdValid } from "./checks";
import { gazetteerNames, introducedNames, knownNames } from "./names";

export const PII_TYPES = ["SECRET", "EMAIL", "IBAN", "CARD", "SSN", "NATIONAL_ID", "PHONE", "ADDRESS", "NAME"] as const;
export type PiiType = (typeof PII_TYPES)[number];

export interface PiiMatch {
  type: PiiType;
  start: number;
  end: number;
  value: string;
}

/** What the caller knows about the ticket: the requester's name from Zendesk (and any other names to hide). */
export interface PiiContext {
  names?: readonly string[];
}

type Detector = { type: PiiType; find: (text: string, context: PiiContext) => Iterable<{ start: number; end: number }> };

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
const SECRET_WORDS = String.raw`password|passwd|passwort|kennwort|wachtwoord|lösenord|contraseña|contrasena|senha|clave|mot de passe|passcode|pass ?phrase|pass ?word|pwd|pword|pw|pass|pin(?: ?code| ?number| ?nummer)?|api[_ -]?key|apikey|secret(?:[_ -]?key)?|client[_ -]?secret|access[_ -]?token|auth[_ -]?token|refresh[_ -]?token|token|otp|one[- ]time (?:code|password)|verification code|security code|security answer|login code|2fa code|backup code|recovery code|cvv|cvc|cv2`;
/** keyword, an optional "is / was / : / = / set to / now", the value (quoted values may hold spaces). */
const KEY_VALUE = new RegExp(
  String.raw`\b(?:${SECRET_WORDS})["']?(?:\s+(?:is|was|ist|war|est|es|é)(?:\s+(?:still|now|set to|changed to|reset to|noch|jetzt))?\s*|\s+(?:set to|changed to|reset to|now)\s*|\s*(?::|=|->|=>|–|—)\s*|\s*[([]\s*|\s+|)(?:"([^"\n]{3,100})"|'([^'\n]{3,100})'|“([^”\n]{3,100})”|([^\s"',;]{3,200}))`,
  "dgiu",
);
/** "hunter22 is my password", "use Tr0ub4dor as the password": the value before the keyword. */
const VALUE_KEY = /(?<![\w-])([^\s"',;:]{4,64}) (?:is|was|as) (?:my|the|our|your) (?:new |old |temporary |current )?(?:password|passcode|pin|passwort)\b/dgi;

/** Words that follow "password is" without being one: "my password is wrong", "the PIN is not working". */
const NOT_A_SECRET = new Set(
  `wrong incorrect invalid expired correct right not no too still being being the a an my your our this that it blocked locked required needed
   missing lost forgotten forgot reset changed working broken rejected accepted ok okay fine case same different new old empty blank weak strong
   short long simple there here gone unknown known falsch ungültig abgelaufen nicht gesperrt vergessen richtig incorrecto incorrect faux expiré
   mal and or but so for with without when because of to in on at from by set sent emailed asked saying says`
    .split(/\s+/)
    .filter(Boolean),
);

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

/** Internationalised addresses too: "josé@café.fr", "müller@straße.de" (Unicode letters in the local part and domain). */
const EMAIL = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]{1,64}@[\p{L}\p{N}-]{1,63}(?:\.[\p{L}\p{N}-]{1,63}){0,8}\.\p{L}{2,24}(?![\p{L}\p{N}])/gu;
/**
 * Spelled-out addresses: "anna (at) example (dot) com", "anna[at]example[dot]com", "anna at example dot com",
 * "anna @ example . com". The bare " at " form needs a dot (spelled or not) in the domain and a local part that
 * is not an everyday word ("look at example.com" is not an address).
 */
const AT = String.raw`(?:\s*(?:\(at\)|\[at\]|\{at\}|<at>|\(@\)|\[@\])\s*|\s+@\s+|\s+at\s+)`;
const DOT = String.raw`(?:\s*(?:\(dot\)|\[dot\]|\{dot\}|<dot>|\(\.\)|\[\.\])\s*|\s+dot\s+|\s+\.\s+|\.)`;
const EMAIL_SPELLED = new RegExp(
  String.raw`(?<![\p{L}\p{N}._%+-])([\p{L}\p{N}._%+-]{1,64})(${AT})[\p{L}\p{N}-]{1,63}(?:${DOT}[\p{L}\p{N}-]{1,63}){0,4}${DOT}\p{L}{2,24}(?![\p{L}\p{N}])`,
  "giu",
);
const NOT_A_MAILBOX = new Set(
  "look looking see me us them him her it this that site website page here there arrive arrived arrives delivered available online shop store order ordered bought buy sold find found log login sign signed check checked visit go went stay staying live lives lived be is are was were work works worked anything something nothing everything".split(
    " ",
  ),
);

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
 * National ids of the languages our desks see, each checked by its own checksum: Spanish DNI/NIE, Brazilian CPF
 * (formatted 123.456.789-09), French NIR; numbers that look like order ids (9 or 11 bare digits: Portuguese NIF,
 * Dutch BSN, German Steuer-ID) only right after their name, so an order number is never taken for one.
 */
const ES_DNI = /(?<![\p{L}\p{N}])[XYZxyz]?\d{7,8}[- ]?[A-Za-z](?![\p{L}\p{N}])/gu;
const BR_CPF = /(?<![\d.])\d{3}\.\d{3}\.\d{3}-\d{2}(?![\d-])/g;
const FR_NIR = /(?<!\d)[12] ?\d{2} ?\d{2} ?(?:\d{2}|2[AB]) ?\d{3} ?\d{3} ?\d{2}(?!\d)/g;
const LABELLED_IDS: Array<{ re: RegExp; valid: (v: string) => boolean }> = [
  { re: /\b(?:NIF|NIPC|contribuinte|n[úu]mero fiscal)\b[^\d\n]{0,20}(\d{9})(?!\d)/dgiu, valid: nifPtValid },
  { re: /\b(?:BSN|burgerservicenummer|sofinummer)\b[^\d\n]{0,20}(\d{9}|\d{4}\.\d{2}\.\d{3})(?!\d)/dgi, valid: bsnValid },
  { re: /\b(?:Steuer-?ID|Steuer-?Identifikationsnummer|Steuernummer|IdNr)\b[^\d\n]{0,20}(\d{11}|\d{2} \d{3} \d{3} \d{3})(?!\d)/dgi, valid: steuerIdValid },
  { re: /\bCPF\b[^\d\n]{0,20}(\d{11})(?!\d)/dgi, valid: cpfValid },
];

function* labelledIdSpans(text: string) {
  for (const { re, valid } of LABELLED_IDS) {
    for (const m of text.matchAll(re)) {
      const span = m.indices?.[1];
      if (span && valid(m[1]!)) yield { start: span[0], end: span[1] };
    }
  }
}

/**
 * Phone numbers: international (+CC ...), North American formats, European trunk-prefixed numbers with
 * separators, and bare digit runs right after a word such as "phone", "call", "mobile". Bare runs without that
 * context stay: they are usually order or tracking numbers, which drafting needs.
 */
const PHONE_PATTERNS = [
  /(?<![\w+])\+\d{1,3}[ .-]?(?:\(\d{1,4}\)[ .-]?)?\d(?:[ .-]?\d){5,13}(?!\d)/g,
  // North American with the trunk 1: "1-800-555-0199", "1 (800) 555-0199", "1.888.555.0100".
  /(?<![\d-])1[ .-]?(?:\(\d{3}\)|\d{3})[ .-]?\d{3}[ .-]\d{4}(?![\d-])/g,
  // A trunk zero in brackets, without the country code: "(0)30 1234567", "(0) 20 7946 0958".
  /(?<![\d)])\(0\) ?\d{1,5}(?:[ /-]?\d{2,8}){1,3}(?!\d)/g,
  /(?<!\d)\(\d{3}\) ?\d{3}[ .-]\d{4}(?!\d)/g,
  /(?<![\d-])\d{3}[.-]\d{3}[.-]\d{4}(?![\d-])/g,
  /(?<![\d-])\d{3} \d{3} \d{4}(?![\d-])/g,
  /(?<![\d+])0\d{2,4}[ /-]\d{3,4}[ -]?\d{3,4}(?![\d-])/g,
];
const PHONE_LABELLED =
  /\b(?:phone|tel(?:ephone)?|mobile|cell(?:phone)?|whats ?app|call me(?: (?:on|at))?|reach me(?: (?:on|at))?|text me(?: (?:on|at))?|telefon|handy|t[ée]l[ée]phone|tel[ée]fono|m[óo]vil|portable|telefoon|mobiel|telefone|celular|telem[óo]vel|rufnummer|handynummer)\b[^\d\n]{0,20}(\d(?:[ .-]?\d){6,14})(?!\d)/dgi;

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
        // Group 1-3: a quoted value (kept whole); group 4: one run of non-space characters.
        const group = [1, 2, 3, 4].find((g) => m[g] !== undefined)!;
        const span = m.indices?.[group];
        if (!span) continue;
        // Sentence punctuation after the value is not part of it ("my PIN is 4321." / "password: x1y2!").
        const value = group === 4 ? m[4]!.replace(/[.!?)\]]+$/, "") : m[group]!;
        if (value.length < 3) continue;
        // "my password is sunshine" is a secret; "the password is wrong" is not.
        if (group === 4 && NOT_A_SECRET.has(value.toLowerCase())) continue;
        // A bare "pin"/"pass"/"pw"/"token" followed by a plain word ("pass the parcel", "token gesture") needs a digit or symbol.
        const separated = /(?::|=|->|=>|–|—|(?:\bis|\bwas|\bist|\bwar|\best|\bes|\sé|\bset to|\bchanged to|\breset to|\bnow))\s*["'“]?$/i.test(
          t.slice(m.index!, span[0]).trimEnd(),
        );
        if (!separated && group === 4 && !/[\d\W_]/u.test(value)) continue;
        yield { start: span[0], end: span[0] + value.length };
      }
      for (const m of t.matchAll(VALUE_KEY)) {
        const span = m.indices?.[1];
        if (span && !NOT_A_SECRET.has(m[1]!.toLowerCase())) yield { start: span[0], end: span[1] };
      }
    },
  },
  { type: "EMAIL", find: (t) => regexSpans(t, EMAIL) },
  {
    type: "EMAIL",
    find: (t) =>
      regexSpans(t, EMAIL_SPELLED, (m) => {
        // The plain "@" with a plain dot is EMAIL's; a bare " at " needs a mailbox-like local part.
        if (/^\s+at\s+$/i.test(m[2]!) && NOT_A_MAILBOX.has(m[1]!.toLowerCase())) return false;
        return true;
      }),
  },
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
  { type: "NATIONAL_ID", find: (t) => regexSpans(t, ES_DNI, (m) => dniValid(m[0])) },
  { type: "NATIONAL_ID", find: (t) => regexSpans(t, BR_CPF, (m) => cpfValid(m[0])) },
  { type: "NATIONAL_ID", find: (t) => regexSpans(t, FR_NIR, (m) => nirValid(m[0])) },
  { type: "NATIONAL_ID", find: labelledIdSpans },
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
  { type: "NAME", find: (t, c) => (c.names?.length ? knownNames(t, c.names) : []) },
  {
    type: "NAME",
    find: function* (t) {
      yield* introducedNames(t);
      yield* gazetteerNames(t);
    },
  },
  { type: "SECRET", find: (t) => regexSpans(t, HIGH_ENTROPY, (m) => looksRandom(m[0])) },
];

/** Every PII span in `text`, in order, non-overlapping (earlier detectors win). */
export function findPii(text: string, context: PiiContext = {}): PiiMatch[] {
  const claimed: PiiMatch[] = [];
  const overlaps = (start: number, end: number) => claimed.some((c) => start < c.end && end > c.start);
  for (const detector of DETECTORS) {
    for (const span of detector.find(text, context)) {
      if (span.end <= span.start || overlaps(span.start, span.end)) continue;
      claimed.push({ type: detector.type, start: span.start, end: span.end, value: text.slice(span.start, span.end) });
    }
  }
  return claimed.sort((a, b) => a.start - b.start);
}
