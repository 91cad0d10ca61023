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
  return kept.replace(URL, " ").replace(EMAIL, " ").replace(MENTION, " ").replace(CODE, " ").replace(/\s+/gu, " ").trim();
}

/** Weighted letter count used by the "und" rule. */
export function letterEvidence(text: string): number {
  const letters = text.match(LETTER)?.length ?? 0;
  const wide = text.match(WIDE_LETTER)?.length ?? 0; // wide-script letters are also \p{L}: count them 1 + 2
  return letters + 2 * wide;
}

/** Detects the language of a ticket text; "und" when too short or unsure (see the rule above). */
export function detectLanguage(text: string): LanguageSignal {
  const clean = cleanForDetection(text);
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
