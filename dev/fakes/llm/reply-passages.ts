/**
 * Which knowledge-base passage the default reply uses, and which of its words.
 *
 * Relevance is keyword overlap (tool-choice.ts keywords(): stop words dropped, crude stems) between the customer's
 * subject + message + triage intent words and each passage's title + text. A word in the title counts 1.5 times,
 * words every support ticket has ("order", "item") half, and a few near-synonyms (arrived ~ delivered, broken ~
 * damaged) half; words that only share their first six letters ("reembolso" ~ "reembolsamos", for languages the
 * English stemmer does not know) count three quarters. Passages scoring under MIN_SCORE, or sharing only one word
 * with the customer that is not in their title, are ignored. A saved reply
 * (macro) is scored on what is left of it after cleaning (times the share of its body left), and wins when that scores at least MACRO_SHARE of the best
 * article: its body is used without its greeting line and sign-off. From an article, the
 * one or two sentences sharing the most words are used. Sentences that still contain a Zendesk placeholder `{{`
 * are dropped, as are sentences the caller rejects (claims about this customer's order no tool confirmed).
 */
import type { Passage } from "./prompt-facts.js";
import { guessLanguage } from "./reply-language.js";
import { keywords } from "./tool-choice.js";

export const MIN_SCORE = 1;
export const MACRO_SHARE = 0.7;
/** Words nearly every support ticket has: they count half. */
const COMMON = new Set([
  ...keywords(
    "order orders item product account email question problem issue message time today purchase bought bestellung artikel pedido artículo commande article encomenda bestelling ordine articolo",
  ),
]);
/** Near-synonyms that count half when the customer used the other word. */
const RELATED: Array<[string, string[]]> = [
  ["arrive", ["delivered", "received"]],
  ["received", ["delivered", "arrive"]],
  ["delivered", ["arrive", "received"]],
  ["broken", ["damaged", "faulty"]],
  ["cracked", ["damaged", "broken"]],
  ["smashed", ["damaged", "broken"]],
  ["damaged", ["broken", "faulty"]],
  ["money", ["refund"]],
  ["refund", ["money"]],
  ["parcel", ["package", "tracking"]],
  ["package", ["parcel", "tracking"]],
  ["charged", ["payment", "charge"]],
  ["late", ["delay", "delivery"]],
  ["cancel", ["cancellation"]],
];
const RELATED_STEMS = new Map(RELATED.map(([w, rel]) => [[...keywords(w)][0] ?? w, rel.flatMap((r) => [...keywords(r)])]));

/** One customer word: its stem, weight, and near-synonym stems that count half when the word itself is absent. */
export interface Term {
  weight: number;
  related: string[];
}

/** Keyword -> term for the customer's words; words of their questions ("When do I get my refund?") count 1.5 times. */
export function queryTerms(text: string): Map<string, Term> {
  const out = new Map<string, Term>();
  const asked = keywords((text.match(/[^.!?\n¿¡]*\?/g) ?? []).join(" "));
  for (const k of keywords(text)) out.set(k, { weight: (COMMON.has(k) ? 0.5 : 1) * (asked.has(k) ? 1.5 : 1), related: RELATED_STEMS.get(k) ?? [] });
  return out;
}

export interface ScoredPassage {
  passage: Passage;
  /** Position in the prompt (ties keep the prompt's order). */
  index: number;
  score: number;
  /** The matched keyword stems, best first. */
  matched: string[];
  lang: string | null;
}

export function passageLanguage(p: Passage): string | null {
  return p.lang?.split("-")[0] ?? guessLanguage(`${p.title ?? ""} ${p.text}`);
}

const PREFIX = 6;

/** 1 when `words` has the word, 0.75 when one shares its first six letters, 0.5 for a near-synonym, else 0. */
function matchWeight(term: string, t: Term, words: Set<string>, prefixes: Set<string>): number {
  if (words.has(term)) return 1;
  if (term.length >= PREFIX && prefixes.has(term.slice(0, PREFIX))) return 0.75;
  return t.related.some((r) => words.has(r)) ? 0.5 : 0;
}

function prefixesOf(words: Set<string>): Set<string> {
  return new Set([...words].filter((w) => w.length >= PREFIX).map((w) => w.slice(0, PREFIX)));
}

/** The weighted overlap of a text with the customer's words. */
export function overlap(text: string, terms: Map<string, Term>): number {
  const words = keywords(text);
  const prefixes = prefixesOf(words);
  let n = 0;
  for (const [k, t] of terms) n += t.weight * matchWeight(k, t, words, prefixes);
  return n;
}

export function scorePassage(p: Passage, index: number, terms: Map<string, Term>): ScoredPassage {
  const title = keywords(p.title ?? "");
  const body = keywords(p.text);
  const titlePrefixes = prefixesOf(title);
  const bodyPrefixes = prefixesOf(body);
  const hits: Array<[string, number]> = [];
  for (const [k, t] of terms) {
    const inTitle = matchWeight(k, t, title, titlePrefixes);
    const inBody = matchWeight(k, t, body, bodyPrefixes);
    if (inTitle > 0) hits.push([k, t.weight * 1.5 * inTitle]);
    else if (inBody > 0) hits.push([k, t.weight * inBody]);
  }
  hits.sort((a, b) => b[1] - a[1]);
  const score = hits.reduce((n, [, w]) => n + w, 0);
  // One shared word is a coincidence ("gift wrapping" ~ "gift cards") unless it is a telling word of the title.
  const telling = hits.length >= 2 || hits.some(([k, w]) => title.has(k) && !COMMON.has(k) && w >= 1.5);
  return { passage: p, index, score: telling ? score : 0, matched: hits.map(([k]) => k), lang: passageLanguage(p) };
}

/** Sentences of a paragraph (bullets and line breaks flattened). */
export function sentences(paragraph: string): string[] {
  return paragraph
    .split(/\n+/)
    .map((l) => l.replace(/^\s*[-*•]\s+/, "").trim())
    .filter(Boolean)
    .flatMap((line) => line.split(/(?<=[.!?])\s+(?=[\p{Lu}\d"„«¿¡(])/u))
    .map((s) => s.trim())
    .filter(Boolean);
}

const GREETING_RE =
  /^(?:hi|hello|hey|dear|good (?:morning|afternoon|evening)|hallo|liebe[rs]?|sehr geehrte[rs]?|hola|estimad[oa]|bonjour|cher|chère|olá|ola|prezad[oa]|beste|hoi|ciao|salve|gentile)\b[^.!?\n]{0,60}[,:!]?$/i;
const INLINE_GREETING_RE = /^(?:hi|hello|hey|dear|hallo|hola|bonjour|olá|ciao|hoi)\b[^,.!?\n]{0,40},\s*/i;
const SIGN_OFF_RE =
  /^(?:(?:best|kind|warm(?:est)?|many) (?:regards|wishes)|regards|cheers|sincerely|yours(?: sincerely| truly)?|thanks(?: again)?,?$|thank you,?$|(?:viele|liebe|beste|freundliche) grüße|mit freundlichen grüßen|saludos|un saludo|atentamente|cordialement|bien (?:cordialement|à (?:vous|toi))|(?:cordiali )?saluti|atenciosamente|abraços|(?:met )?vriendelijke groet|groeten)\b/i;
const THANKS_RE = /^(?:thanks|thank you|danke|vielen dank|gracias|merci|obrigad[oa]|bedankt|dank je|grazie)\b/i;

export type Keep = (sentence: string) => boolean;

const usable = (s: string, keep: Keep) => !s.includes("{{") && keep(s);

/** A saved reply's body without greeting and sign-off, as paragraphs; sentences with `{{` or rejected are dropped. */
export function macroBody(p: Passage, keep: Keep): string[] {
  const lines = p.paragraphs.map((para) => para.split("\n"));
  const first = lines[0];
  if (first && first.length > 0) {
    if (GREETING_RE.test((first[0] ?? "").trim())) first.shift();
    else first[0] = (first[0] ?? "").replace(INLINE_GREETING_RE, "");
  }
  // Everything from the first sign-off line of the last paragraphs on is the signature.
  let cut = false;
  for (let i = Math.max(0, lines.length - 2); i < lines.length && !cut; i++) {
    const para = lines[i] ?? [];
    const at = para.findIndex((l) => SIGN_OFF_RE.test(l.trim()));
    if (at >= 0) {
      para.splice(at);
      lines.splice(i + 1);
      cut = true;
    }
  }
  return lines
    .map((para) =>
      sentences(para.join("\n"))
        .filter((s) => usable(s, keep))
        .join(" "),
    )
    .filter((para) => para.trim().length > 0);
}

/** How much of a macro's body (without greeting, sign-off and `{{` sentences) the caller's filter left: 0..1. */
function keptShare(p: Passage, kept: string[]): number {
  const all = macroBody(p, () => true).join(" ").length;
  return all > 0 ? kept.join(" ").length / all : 0;
}

/** The one or two sentences of an article that share the most words with the customer's (in the article's order). */
export function articleSentences(p: Passage, terms: Map<string, Term>, keep: Keep): string[] {
  const all = p.paragraphs.flatMap((para) => sentences(para));
  const scored = all.map((s, i) => ({ s, i, score: overlap(s, terms) })).filter((x) => usable(x.s, keep));
  if (scored.length === 0) return [];
  const ranked = [...scored].sort((a, b) => b.score - a.score || a.i - b.i);
  const best = ranked[0];
  if (!best) return [];
  const chosen = [best];
  const second = ranked[1];
  if (best.score > 0 && second && second.score >= 0.75) chosen.push(second);
  // A sentence that leans on the one before ("Instead, ...", "This ...", "You can also ...") brings it along.
  for (const c of [...chosen]) {
    if (/^(?:instead|however|otherwise|then|this|that|these|it|they|until then|after that)\b|^(?:\S+\s+){0,2}also\b/i.test(c.s)) {
      const prev = scored.find((x) => x.i === c.i - 1);
      if (prev && !chosen.includes(prev)) chosen.push(prev);
    }
  }
  return chosen.sort((a, b) => a.i - b.i).map((c) => c.s);
}

export interface PassageChoice {
  used: ScoredPassage | null;
  /** The text taken from it: paragraphs of a macro, or the chosen article sentences as one paragraph. */
  paragraphs: string[];
  /** The passage's language, when it is in the language the reply was asked for. */
  inRequestedLanguage: boolean;
  /** A relevant passage exists, but none in the requested language (so the reply falls back to English). */
  languageFallback: boolean;
  /** The body (of a macro) opens with thanks, so the reply adds none of its own. */
  opensWithThanks: boolean;
}

/**
 * Picks the passage to answer from; see the module comment. `requested` is the reply language asked for;
 * `macros: false` leaves saved replies out (they assume the happy path: "Go to Orders and select Return items").
 */
export function choosePassage(
  passages: readonly Passage[],
  terms: Map<string, Term>,
  requested: string,
  keep: Keep,
  options: { macros?: boolean } = {},
): PassageChoice {
  const relevant = passages
    .map((p, i) => scorePassage(p, i, terms))
    .filter((s) => s.score >= MIN_SCORE && (options.macros !== false || s.passage.kind !== "macro"));
  // A passage in the customer's language wins only when it is about their question (two words or more), not merely
  // the one article the knowledge base has in that language.
  const inRequested = relevant.filter((s) => s.lang === requested && s.matched.filter((k) => !COMMON.has(k)).length >= 2);
  const english = relevant.filter((s) => s.lang === "en" || s.lang === null);
  const pool = inRequested.length > 0 ? inRequested : english;
  const none: PassageChoice = { used: null, paragraphs: [], inRequestedLanguage: false, languageFallback: false, opensWithThanks: false };
  if (pool.length === 0) return none;

  const byScore = (a: ScoredPassage, b: ScoredPassage) => b.score - a.score || a.index - b.index;
  const content = new Map<ScoredPassage, string[]>();
  for (const s of pool) {
    if (s.passage.kind === "macro") content.set(s, macroBody(s.passage, keep));
    else {
      const picked = articleSentences(s.passage, terms, keep);
      content.set(s, picked.length > 0 ? [picked.join(" ")] : []);
    }
  }
  // A macro counts for what is left of it (a dropped "Your order has shipped" takes its words along).
  const macros = pool
    .filter((s) => s.passage.kind === "macro")
    .map((s) => {
      const kept = content.get(s) ?? [];
      const scored = scorePassage({ ...s.passage, text: kept.join(" ") }, s.index, terms);
      const rescored = { ...scored, score: scored.score * keptShare(s.passage, kept), passage: s.passage, lang: s.lang };
      content.set(rescored, content.get(s) ?? []);
      return rescored;
    })
    .filter((s) => s.score >= MIN_SCORE)
    .sort(byScore);
  const articles = pool.filter((s) => s.passage.kind === "article").sort(byScore);
  const bestArticle = articles[0]?.score ?? 0;
  // A saved reply is written for one situation, named by its title ("Address change after shipping"): it goes
  // first only when the ticket shares a telling word of that title, else after every article.
  const fitsTitle = (m: ScoredPassage) => [...keywords(m.passage.title ?? "")].some((k) => !COMMON.has(k) && terms.has(k));
  const first = macros.filter((m) => fitsTitle(m) && m.score >= MACRO_SHARE * bestArticle);
  const order = [...first, ...articles, ...macros.filter((m) => !first.includes(m))];
  for (const candidate of order) {
    const paragraphs = content.get(candidate) ?? [];
    if (paragraphs.length === 0) continue;
    return {
      used: candidate,
      paragraphs,
      inRequestedLanguage: candidate.lang === requested,
      languageFallback: requested !== "en" && inRequested.length === 0,
      opensWithThanks: THANKS_RE.test(paragraphs[0] ?? ""),
    };
  }
  return none;
}
