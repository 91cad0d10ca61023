/**
 * Knowledge-base retrieval: an FTS5 MATCH over kb_fts ranked by BM25 (title weighted above tags above body),
 * then the best passage of each document for the prompt. Takes the raw D1 binding so the bench can run the same
 * code against a local D1.
 */
import { PLACEHOLDER } from "../pii/vault";
import type { KbKind } from "./documents";

/**
 * The part of a D1 binding retrieval needs. Structural, so this module also type-checks (and runs) outside
 * workerd: a D1Database satisfies it.
 */
export interface KbQueryable {
  prepare(query: string): { bind(...values: unknown[]): { all<T = Record<string, unknown>>(): Promise<{ results: T[]; meta?: unknown }> } };
}

export interface KbHit {
  /** kb_documents.id (the FTS rowid). */
  rowId: number;
  docId: string;
  kind: KbKind;
  title: string;
  url: string | null;
  locale: string;
  tags: string[];
  /** bm25() score: lower (more negative) is better. */
  score: number;
  /** The most relevant part of the body, at most `passageChars` characters. */
  passage: string;
  body: string;
}

/** BM25 column weights: title, body, tags. */
const WEIGHTS = [6.0, 1.0, 3.0];
const MAX_TERMS = 24;

// Words that carry no topic, in the languages customers most often write in.
const STOP = new Set(
  (
    "a about above after again against all am an and any are as at be because been before being below between both but by can could did do does doing done down during each few for from further get got had has have having he her here hers herself him himself his how i if in into is it its itself just let me more most my myself no nor not now of off on once only or other our ours ourselves out over own please same she should so some still such than thank thanks that the their theirs them themselves then there these they this those through to too under until up very was we were what when where which while who whom why will with would you your yours yourself yourselves hi hello hey dear regards best team support help want need would like know also one two im ive dont cant wont its isnt ok okay yes sir madam " +
    "der die das und ist ich nicht ein eine mit für auf den dem des zu von mein meine meiner bitte hallo danke wir sie es " +
    "le la les un une des et est je ne pas mon ma mes pour avec sur bonjour merci vous nous " +
    "el los las y es yo no mi mis para con por hola gracias usted que del " +
    "il lo gli e di che per non sono grazie ciao " +
    "o os um uma meu minha obrigado olá com"
  ).split(/\s+/),
);

/** The words of a text that are worth searching for (no placeholders, numbers or stop words). */
export function searchTerms(text: string): string[] {
  const cleaned = text.replace(PLACEHOLDER, " ").toLowerCase();
  const terms: string[] = [];
  for (const m of cleaned.matchAll(/[\p{L}\p{N}]+/gu)) {
    const w = m[0];
    if (w.length < 2 || /^\d+$/.test(w) || STOP.has(w) || terms.includes(w)) continue;
    terms.push(w);
    if (terms.length >= MAX_TERMS) break;
  }
  return terms;
}

/** An FTS5 query that ORs the quoted terms (quoting makes any user text safe as FTS syntax). */
export function ftsQuery(terms: string[]): string {
  return terms.map((t) => `"${t.replace(/"/g, '""')}"`).join(" OR ");
}

interface Row {
  id: number;
  doc_id: string;
  kind: KbKind;
  title: string;
  body: string;
  url: string | null;
  locale: string;
  tags: string;
  score: number;
}

export interface SearchOptions {
  limit?: number;
  /** Documents in this language (e.g. "de" matches "de" and "de-ch") rank before others. */
  locale?: string | null;
  kind?: KbKind;
  passageChars?: number;
  /** Filled with D1's own SQL execution time (meta.duration, ms), for the bench. */
  stats?: { sqlMs?: number };
}

export async function searchKb(d1: KbQueryable, accountId: string, text: string, opts: SearchOptions = {}): Promise<KbHit[]> {
  const limit = Math.max(1, Math.min(opts.limit ?? 5, 20));
  const terms = searchTerms(text);
  if (terms.length === 0) return [];
  const kindFilter = opts.kind ? "AND d.kind = ?4" : "";
  const stmt = d1
    .prepare(
      `SELECT d.id, d.doc_id, d.kind, d.title, d.body, d.url, d.locale, d.tags, bm25(kb_fts, ${WEIGHTS.join(", ")}) AS score
       FROM kb_fts JOIN kb_documents d ON d.id = kb_fts.rowid
       WHERE kb_fts MATCH ?1 AND d.account_id = ?2 ${kindFilter}
       ORDER BY score LIMIT ?3`,
    )
    .bind(...[ftsQuery(terms), accountId, limit * 3, ...(opts.kind ? [opts.kind] : [])]);
  const { results, meta } = await stmt.all<Row>();
  const duration = (meta as { duration?: unknown } | undefined)?.duration;
  if (opts.stats) opts.stats.sqlMs = typeof duration === "number" ? duration : undefined;
  const lang = opts.locale && opts.locale !== "und" ? opts.locale.toLowerCase().split("-")[0]! : null;
  const rank = (r: Row) => (lang && r.locale.split("-")[0] === lang ? 0 : 1);
  const sorted = [...results].sort((a, b) => rank(a) - rank(b) || a.score - b.score).slice(0, limit);
  return sorted.map((r) => ({
    rowId: r.id,
    docId: r.doc_id,
    kind: r.kind,
    title: r.title,
    url: r.url,
    locale: r.locale,
    tags: r.tags ? r.tags.split(" ") : [],
    score: r.score,
    passage: bestPassage(r.body, terms, opts.passageChars ?? 700),
    body: r.body,
  }));
}

/** Crude stem for overlap counting: the first 5 letters ("refunded" and "refunds" meet at "refun"). */
function stem(w: string): string {
  return w.slice(0, 5);
}

/**
 * The window of paragraphs with the most query terms, trimmed to `maxChars` at a sentence or word boundary.
 * A short body is returned whole.
 */
export function bestPassage(body: string, terms: string[], maxChars: number): string {
  if (body.length <= maxChars) return body;
  const paragraphs = body.split(/\n+/).filter((p) => p.trim());
  const stems = new Set(terms.map(stem));
  const scoreOf = (p: string) => {
    let s = 0;
    for (const m of p.toLowerCase().matchAll(/[\p{L}\p{N}]+/gu)) if (stems.has(stem(m[0]))) s++;
    return s;
  };
  let best = 0;
  let bestScore = -1;
  paragraphs.forEach((p, i) => {
    const s = scoreOf(p);
    if (s > bestScore) {
      best = i;
      bestScore = s;
    }
  });
  // Start one paragraph earlier when the best one is short (it is often a heading or a lead-in).
  const start = best > 0 && paragraphs[best]!.length < 80 ? best - 1 : best;
  let out = "";
  for (let i = start; i < paragraphs.length; i++) {
    const next = out ? `${out}\n${paragraphs[i]}` : paragraphs[i]!;
    if (next.length > maxChars) {
      if (!out) out = next;
      break;
    }
    out = next;
  }
  return clip(out, maxChars);
}

export function clip(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const cut = text.slice(0, maxChars - 1);
  const sentence = cut.lastIndexOf(". ");
  const end = sentence > maxChars * 0.6 ? sentence + 1 : cut.lastIndexOf(" ") > maxChars * 0.6 ? cut.lastIndexOf(" ") : cut.length;
  return `${cut.slice(0, end).trimEnd()}…`;
}
