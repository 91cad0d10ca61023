/**
 * Language of a ticket, as an ISO 639-1 code (for the `language__xx` tag), or "und" when unsure.
 *
 * Detector: eld (Efficient Language Detector, Apache-2.0, 60 languages, pure JS, no I/O), chosen over franc-min,
 * tinyld and languagedetect by accuracy and bundle size on test/fixtures/language (see bench/language/compare.ts
 * and the README). We import the `eld/small` entry: it statically imports one n-gram table, so esbuild/wrangler
 * bundle exactly that table. The bare `eld` entry loads tables with a dynamic `import('../ngrams/' + name)`, which
 * a Worker bundle cannot follow; `eld/medium` and `eld/large` are bigger and slower to start for no accuracy gain
 * on support text, and `eld/extrasmall` loses accuracy on short messages.
 *
 * Pure: no I/O, no clock, no globals beyond the detector's read-only tables. Runs in workerd.
 *
 * Tickets (test/fixtures/language/tickets.jsonl, `npm run bench:language:tickets`): triage passes
 * `${subject}\n${body}` with the body's whitespace collapsed into one line, so quoted replies, Zendesk's reply
 * delimiter, footers and disclaimers are also cut where they appear inside a line (INLINE_CUT, QUOTE_VERB,
 * FOOTER_AT_END), and the text after the first line (the body) decides when it has BODY_MIN_EVIDENCE letters, so an
 * English subject ("Re: Your order 30918") does not outvote a short Portuguese body.
 *
 * The "und" rule (applied after cleanup, see cleanForDetection):
 *   1. fewer than MIN_EVIDENCE letters are left: every letter counts 1, except letters of scripts written
 *      without spaces (Han, Hiragana, Katakana, Hangul, Thai) which count 3 each (a syllable or a word per
 *      character). So single short words ("ok", "thanks", "merci", "iPhone", "RMA") are "und", "Bestellung"
 *      or "返金して" are not;
 *   2. or eld finds no language at all (no known n-gram: "asdf asdf", "qwertyuiop");
 *   3. or eld's best normalised score is below MIN_SCORE (text made of n-grams that are rare in every
 *      language, e.g. "lorem ipsum dolor sit amet").
 * The thresholds are measured on the fixture (every correctly detected fixture text passes them); see the README.
 *
 * confidence: 0 for "und"; otherwise the relative margin of the best language over the runner-up,
 * (best - second) / best, using eld's normalised scores, in (0, 1]. Close languages (es/pt/gl, sv/no/da)
 * give small margins even when the answer is right, so treat it as a ranking signal, not a probability.
 */
import { eld } from "eld/small";

export interface LanguageSignal {
  /** ISO 639-1 code ("en", "es", ...) or "und" (undetermined). */
  language: string;
  /** 0 for "und"; otherwise (best - runnerUp) / best of eld's normalised scores. */
  confidence: number;
}

export const UNDETERMINED = "und";

/** Minimum weighted letter count after cleanup (see the "und" rule). */
export const MIN_EVIDENCE = 8;
/** Minimum eld normalised score of the best language (fixture: every correct answer scores >= 0.61;
 * "lorem ipsum dolor sit amet" scores 0.47). */
export const MIN_SCORE = 0.55;
/** Letters (after cleanup) the text after the first line needs to decide alone (see detectLanguage). */
export const BODY_MIN_EVIDENCE = 20;
/** Only the start of a ticket is needed; eld itself reads the first ~350 bytes of words. */
const MAX_CHARS = 2000;

const WIDE_LETTER = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]/gu;
const LETTER = /\p{L}/gu;

// Lines from which the rest of the message is a quoted earlier message, a forwarded mail or a mail-client footer.
const QUOTE_START: readonly RegExp[] = [
  /^\s*>/, // "> quoted line"
  /^\s*#{1,3}-.*-#{1,3}\s*$/, // Zendesk "##- Please type your reply above this line -##"
  /^\s*-{2,}\s*[\p{L} ]{4,40}\s*-{2,}\s*$/u, // "-----Original Message-----", "---------- Forwarded message ---------"
  /^\s*_{5,}\s*$/, // Outlook separator line
  // "On Tue, Mar 5, 2024 at 9:14 AM Name <a@b.c> wrote:" and its usual translations (mail clients localise it);
  // such a header always carries a date or an address, so "this is what I wrote:" alone does not cut.
  // German/Turkish put the sender after the verb ("Am 05.03.2024 um 09:14 schrieb Acme <a@b.c>:").
  /[\d@].*(wrote|escribió|a écrit|schrieb|escreveu|ha scritto|schreef|napisał|napisała|skrev|yazdı|написал)(\s*|.*:\s*)$/iu,
  /[\d@].*(のメッセージ|書きました)[:：]?\s*$/u,
  /\d.*<[^<>\s]+@[^<>\s]+>\s*[:：]\s*$/u, // "2024年3月5日(火) 9:14 Acme <a@b.c>:" (no verb at all)
  /^\s*(from|von|de|da|van|od|från|kimden)\s*:\s*.*(@|<)/iu, // "From: Name <a@b.c>" header block
];
// A line that starts a signature: the RFC 3676 delimiter "-- " and mobile footers ("Sent from my iPhone").
const SIGNATURE_START: readonly RegExp[] = [
  /^--\s*$/,
  /^\s*(sent from|get outlook for|enviado desde|envoyé de|envoyé depuis|von meinem|gesendet von|enviado do|inviato da|verzonden (vanaf|met)|wysłane z|skickat från)\b/iu,
  /(gönderildi|から送信)\s*$/u,
];

// The same boundaries found inside a line. Triage hands the detector `${subject}\n${body}` with the body's
// whitespace collapsed (worker/triage/ticket-text.ts), so a quoted reply, the Zendesk delimiter or a footer sits in the
// middle of one long line and the line-start patterns above never see it. These patterns are narrower than the
// line-start ones: each needs a shape that customer prose does not have (a delimiter, a header with a colon and an
// address, a footer naming a device or mail app, a legal disclaimer).
const INLINE_CUT: readonly RegExp[] = [
  /(?<!#)#{1,3}-[^#\n]{0,80}-#{1,3}/u, // Zendesk "##- Please type your reply above this line -##" (and its translations)
  /(?<!-)-{4,}\s*[\p{L} ]{4,40}?\s*-{4,}/u, // "-----Original Message-----", "---------- Forwarded message ---------"
  /(?<!_)_{8,}/u, // Outlook separator
  // "From: Name <a@b.c>" / "Von: a@b.c" header block (the address must follow within a few words).
  /(?<![\p{L}\p{N}])(from|von|de|da|van|od|från|kimden)\s?:\s*[^:\n]{0,60}?(<|[\p{L}\p{N}._%+-]+@)/iu,
  // An e-mail disclaimer ("This e-mail and any attachments may contain confidential information...").
  /(?<![\p{L}])this (?:e-?mail|message|communication)\b[^.!?]{0,80}?\b(?:confidential|privileged|intended (?:solely|only))/iu,
];
// A mobile or mail-app footer inside a line: "Sent from my iPhone", "Von meinem iPhone gesendet", "Enviado do meu
// Galaxy", "Gesendet von Outlook für Android", "Get Outlook for iOS". It needs the device or app name and must end the
// customer's part (at most four words after it, then the end or a quote), so "lo envié desde mi móvil y no llega" stays.
const FOOTER_AT_END = new RegExp(
  String.raw`(?<![\p{L}])(?:sent from|get outlook for|enviado desde|envoyé de|envoyé depuis|von meinem|gesendet von|` +
    String.raw`enviado do|enviado de|inviato da|verzonden (?:vanaf|met)|verstuurd (?:vanaf|met)|wysłane z|skickat från)\s+` +
    String.raw`(?:(?:my|mi|mon|ma|mein|meinem|meu|minha|mijn|il mio|mio|mój|moim|min)\s+)?` +
    "(?:iphone|ipad|android|samsung|galaxy|huawei|xiaomi|pixel|outlook|yahoo|gmail|mail|ios|blackberry|" +
    String.raw`móvil|movil|celular|telemóvel|smartphone|handy|teléfono|telefone|téléphone|mobiel|mobile|phone)(?![\p{L}])` +
    String.raw`(?:[\s,.!]+[\p{L}\p{N}'’-]+){0,4}[\s,.!]*$`, // disjoint classes: no backtracking blow-up
  "iu",
);
// The verb of a quote header ("... wrote:", "... schrieb Name <a@b.c>:"), found inside a line; where the header starts
// is found by QUOTE_HEADER_START, looking back from the verb (see quoteHeaderStart).
const QUOTE_VERB =
  /(?<![\p{L}])(wrote|escribió|escribio|a écrit|a ecrit|schrieb|escreveu|ha scritto|schreef|napisał|napisała|skrev|yazdı|написал)(?![\p{L}])[^:：\n]{0,80}[:：]/giu;
// The first word of a localised quote header: "On Mon, ...", "El lun, ...", "Le lun. ...", "Am Mo., ...",
// "Em seg., ...", "Op ma ...", "Il giorno ...", "W dniu ...", "Den ...". Case-sensitive: headers are capitalised.
const QUOTE_HEADER_START = /(?<![\p{L}\p{N}])(On|El|Le|Am|Em|Op|Il|W dniu|Den|Pada)\s/gu;
/** How far back from the verb a quote header may start (a date, a time, a name and an address). */
const QUOTE_HEADER_SPAN = 200;

const URL = /\b(?:https?:\/\/|www\.)\S+/giu;
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/gu;
// ASCII "code" tokens holding a digit: order ids (#48213-AB), amounts (59,99), dates (12/03), phones, versions.
// The class is ASCII-only on purpose, so "12/03に届く" keeps "に届く" (Japanese has no spaces).
const CODE = /[A-Za-z0-9#+\-_/.:,$€£¥%]*\d[A-Za-z0-9#+\-_/.:,$€£¥%]*/gu;
const MENTION = /(^|\s)@\w+/gu;

/**
 * Removes what misleads a language detector: quoted replies and forwarded mails, signatures and mobile footers,
 * URLs, e-mail addresses, @mentions and tokens with digits (order ids, amounts, dates, phone numbers).
 * If cutting quotes/signatures would leave nothing (a message that is only a quote), the whole text is kept.
 */
export function cleanForDetection(text: string): string {
  return scrub(cutBoundaries(text));
}

/** The customer's part of the text, lines kept: everything from the first quote, delimiter, footer or disclaimer on is cut. */
function cutBoundaries(text: string): string {
  const lines = text.slice(0, MAX_CHARS).split(/\r?\n/);
  let end = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (QUOTE_START.some((re) => re.test(line)) || SIGNATURE_START.some((re) => re.test(line))) {
      end = i;
      break;
    }
  }
  let kept = lines.slice(0, end).join("\n");
  if (kept.trim() === "") kept = lines.map((l) => l.replace(/^\s*>+/, "")).join("\n");
  const cut = inlineCut(kept);
  return kept.slice(0, cut).trim() !== "" ? kept.slice(0, cut) : kept;
}

/** Removes URLs, e-mail addresses, @mentions and tokens with digits, and collapses whitespace. */
function scrub(text: string): string {
  return text.replace(URL, " ").replace(EMAIL, " ").replace(MENTION, " ").replace(CODE, " ").replace(/\s+/gu, " ").trim();
}

/** Index of the first quote, delimiter or disclaimer found inside a line (INLINE_CUT, QUOTE_VERB), or of a footer
 * right before it or at the end (FOOTER_AT_END); text.length when there is none. */
function inlineCut(text: string): number {
  let cut = text.length;
  for (const re of INLINE_CUT) {
    const m = re.exec(text);
    if (m && m.index < cut) cut = m.index;
  }
  for (const m of text.matchAll(QUOTE_VERB)) {
    if (m.index >= cut) break;
    const start = quoteHeaderStart(text, m.index);
    if (start !== null) {
      cut = Math.min(cut, start);
      break;
    }
  }
  const footer = FOOTER_AT_END.exec(text.slice(0, cut));
  return footer ? footer.index : cut;
}

/**
 * Where the quote header whose verb is at `verb` starts: the last capitalised header word (QUOTE_HEADER_START) within
 * QUOTE_HEADER_SPAN characters before the verb that has a digit (the date) between it and the verb. Without such a
 * word, an address or a time right before the verb still marks a header and the cut is at the verb; otherwise
 * ("as I wrote: ...") it is no header and null is returned.
 */
function quoteHeaderStart(text: string, verb: number): number | null {
  const from = Math.max(0, verb - QUOTE_HEADER_SPAN);
  const window = text.slice(from, verb);
  let start: number | null = null;
  for (const m of window.matchAll(QUOTE_HEADER_START)) {
    if (/\d/u.test(window.slice(m.index))) start = from + m.index;
  }
  if (start !== null) return start;
  return /(@|\d{1,2}:\d{2})[^\n]{0,80}$/u.test(window) ? verb : null;
}

/** Weighted letter count used by the "und" rule. */
export function letterEvidence(text: string): number {
  const letters = text.match(LETTER)?.length ?? 0;
  const wide = text.match(WIDE_LETTER)?.length ?? 0; // wide-script letters are also \p{L}: count them 1 + 2
  return letters + 2 * wide;
}

/**
 * Detects the language of a ticket text; "und" when too short or unsure (see the rule above).
 *
 * Triage passes `${subject}\n${body}`. The subject is often not the customer's words: a reply keeps the shop's own
 * English subject ("Re: Your order 30918"), and channels write their own ("Conversation with Ana"). So when the text
 * after the first line has at least BODY_MIN_EVIDENCE letters after cleanup and gives an answer, that answer is
 * returned; the whole text decides only when the rest is short or has no language ("Wo ist mein Paket?\n??").
 * For a text whose lines are all the same language (a draft reply) both give the same answer.
 */
export function detectLanguage(text: string): LanguageSignal {
  const kept = cutBoundaries(text);
  const newline = kept.indexOf("\n");
  if (newline >= 0) {
    const rest = scrub(kept.slice(newline + 1));
    if (letterEvidence(rest) >= BODY_MIN_EVIDENCE) {
      const signal = detectClean(rest);
      if (signal.language !== UNDETERMINED) return signal;
    }
  }
  return detectClean(scrub(kept));
}

function detectClean(clean: string): LanguageSignal {
  if (letterEvidence(clean) < MIN_EVIDENCE) return { language: UNDETERMINED, confidence: 0 };
  const result = eld.detect(clean);
  if (!result.language) return { language: UNDETERMINED, confidence: 0 };
  const scores = Object.values(result.getScores()).sort((a, b) => b - a);
  const best = scores[0] ?? 0;
  const second = scores[1] ?? 0;
  if (best < MIN_SCORE) return { language: UNDETERMINED, confidence: 0 };
  return { language: result.language, confidence: round3((best - second) / best) };
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
