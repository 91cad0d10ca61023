/**
 * The default answer to an intent-classification request (the cascade's LLM tier, worker/llm-triage): a local
 * stand-in that scores each listed intent by the words it shares with the ticket, and says plainly that it is one.
 * Besides English it reads the common customer-service words of five other languages (de, fr, es, nl, pt) through a
 * glossary (classify-glossary.ts), so "Ich möchte meine Bestellung stornieren" meets "Cancel an order" like a real
 * LLM would.
 *
 * A request is a classification when its answer schema is one: `json_schema` named `intent_classification`, or any
 * schema (json_schema, or the one embedded in the prompt for json_object) whose only properties are `intent` (an
 * enum), `confidence` and optionally `reason`. The intents come from the prompt's lines
 * `- <id> (<name>): <description> Examples: "<json string>"; ...` (worker/llm-triage/prompt.ts), limited to the
 * schema's enum; an enum id without a line is scored by the words of its id.
 *
 * Scoring (deterministic): keywords as for tool choice (lower case, 3+ letters, stop words dropped, crude stems),
 * minus filler words ("still", "Monday"), plus the English glosses of the ticket's glossary words (matched lower-cased
 * with diacritics folded; a word whose own stem already is its gloss, "cancel", stays English, so an English ticket
 * scores as without the glossary). Each keyword the ticket shares with an intent counts ln((N+1)/df) /
 * ln(N+1) (N intents listed, df of them having the word), so words most intents have ("order") count little; a word
 * found only in the examples counts 0.75 of that (examples carry incidental words). Other intents' ids quoted in a
 * description ("... is payment_issue") are not its words. The best intent wins when it scores at least 0.9 with two
 * shared words, or one in its name; its confidence (0.55-0.9) grows with its lead over the runner-up and with its
 * score. Otherwise the answer is "none". The reason quotes the customer's own words, a glossed one with its gloss:
 * "matched 'Rückerstattung' (refund) from the name of get_refund".
 */
import { GLOSSARY } from "./classify-glossary.js";
import { lastUserText, promptText } from "./messages.js";
import { embeddedSchema } from "./prompt-facts.js";
import { isPlainObject } from "./schema-check.js";
import { keywords, stem } from "./tool-choice.js";
import type { ChatRequest, JsonSchema } from "./types.js";

export const CLASSIFICATION_SCHEMA_NAME = "intent_classification";
export const STAND_IN = "[local stand-in model]";
const NONE = "none";
const MIN_SCORE = 0.9;
const EXAMPLE_WEIGHT = 0.75;
/** Words that say nothing about what the customer wants (on top of tool choice's stop words). */
const FILLER = new Set(
  "much very really still out away until again already soon today tomorrow yesterday week weeks monday tuesday wednesday thursday friday saturday sunday time now got make made also well sure okay"
    .split(" ")
    .flatMap((w) => [...keywords(w)]),
);

interface ListedIntent {
  id: string;
  name: string;
  description: string;
  examples: string[];
}

export interface ClassificationAnswer {
  intent: string;
  confidence: number;
  reason: string;
}

function enumIds(schema: JsonSchema): string[] | null {
  const props = schema["properties"];
  if (!isPlainObject(props)) return null;
  const intent = props["intent"];
  if (!isPlainObject(intent) || !Array.isArray(intent["enum"])) return null;
  return intent["enum"].filter((v): v is string => typeof v === "string");
}

/** Only these properties, with `intent` an enum and `confidence` present: a richer schema is some other answer. */
function looksLikeClassification(schema: JsonSchema): boolean {
  const props = schema["properties"];
  if (!isPlainObject(props) || enumIds(schema) === null || !("confidence" in props)) return false;
  return Object.keys(props).every((k) => k === "intent" || k === "confidence" || k === "reason");
}

/** The answer schema when the request is a classification, else null. */
export function classificationSchema(req: ChatRequest): JsonSchema | null {
  const format = req.responseFormat;
  if (format.type === "json_schema") {
    const { name, schema } = format.json_schema;
    return name === CLASSIFICATION_SCHEMA_NAME || looksLikeClassification(schema) ? schema : null;
  }
  if (format.type === "json_object") {
    const schema = embeddedSchema(promptText(req.messages));
    return schema && looksLikeClassification(schema) ? schema : null;
  }
  return null;
}

const INTENT_LINE = /^\s*-\s+([a-z0-9][a-z0-9_-]*)\s+\((.*?)\):\s+(.*)$/;
const JSON_STRING = /"(?:[^"\\]|\\.)*"/g;

/** The intents the prompt lists (system and developer messages), in order. */
export function listedIntents(req: ChatRequest): ListedIntent[] {
  const instructions = req.messages
    .filter((m) => m.role === "system" || m.role === "developer")
    .map((m) => m.text ?? "")
    .join("\n");
  const out: ListedIntent[] = [];
  for (const line of instructions.split(/\r?\n/)) {
    const m = INTENT_LINE.exec(line);
    if (!m) continue;
    const rest = m[3] ?? "";
    const at = rest.indexOf(" Examples: ");
    const description = at === -1 ? rest : rest.slice(0, at);
    const examples: string[] = [];
    if (at !== -1) {
      for (const s of rest.slice(at).matchAll(JSON_STRING)) {
        try {
          examples.push(String(JSON.parse(s[0])));
        } catch {
          // A malformed example is skipped, never fatal.
        }
      }
    }
    out.push({ id: m[1] ?? "", name: m[2] ?? "", description, examples });
  }
  return out;
}

/** The ticket: the last user message without its "Ticket:" label line and with PII placeholders removed. */
export function ticketText(req: ChatRequest): string {
  const text = lastUserText(req.messages).replace(/^\s*ticket\b[^\n]*:\s*\n/i, "");
  return text.replace(/\[[A-Z_]+_\d+\]/g, " ");
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Lower case without diacritics ("Rückerstattung" -> "ruckerstattung", "contraseña" -> "contrasena", ß -> ss). */
export function fold(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/ß/g, "ss")
    .replace(/æ/g, "ae")
    .replace(/œ/g, "oe");
}

const WORD = /[\p{L}\p{N}]+/gu;

/** One glossary word pattern: the whole word, a prefix ("stem*"), a suffix ("*end") or a part ("*part*"). */
interface WordPattern {
  core: string;
  start: boolean;
  end: boolean;
}

function wordPattern(p: string): WordPattern {
  const core = p.replace(/^\*|\*$/g, "");
  return { core, start: p.startsWith("*"), end: p.endsWith("*") };
}

/** Where a pattern matches a folded word: [from, to) of the pattern's letters, or null. */
function matchWord(p: WordPattern, word: string): [number, number] | null {
  if (p.start && p.end) {
    const at = word.indexOf(p.core);
    return at === -1 ? null : [at, at + p.core.length];
  }
  if (p.end) return word.startsWith(p.core) ? [0, p.core.length] : null;
  if (p.start) return word.endsWith(p.core) ? [word.length - p.core.length, word.length] : null;
  return word === p.core ? [0, word.length] : null;
}

const SINGLE: Array<{ pattern: WordPattern; gloss: string }> = [];
const PHRASES: Array<{ words: WordPattern[]; gloss: string }> = [];
for (const [, pattern, gloss] of GLOSSARY) {
  const words = fold(pattern)
    .split(/[^\p{L}\p{N}*]+/u)
    .filter(Boolean)
    .map(wordPattern);
  if (words.length === 1) SINGLE.push({ pattern: words[0]!, gloss });
  else PHRASES.push({ words, gloss });
}

/** A ticket word (or phrase) the glossary reads: the customer's spelling, its English gloss and the gloss's keywords. */
export interface GlossedWord {
  surface: string;
  gloss: string;
  keywords: Set<string>;
}

/** The English gloss of one folded word: its matches, a longer one hiding a shorter one it overlaps, in word order. */
function glossOfWord(word: string): string | null {
  const hits = SINGLE.flatMap(({ pattern, gloss }) => {
    const span = matchWord(pattern, word);
    return span ? [{ span, gloss }] : [];
  }).sort((a, b) => b.span[1] - b.span[0] - (a.span[1] - a.span[0]));
  const kept: typeof hits = [];
  for (const h of hits) if (!kept.some((k) => h.span[0] < k.span[1] && k.span[0] < h.span[1])) kept.push(h);
  if (kept.length === 0) return null;
  return [...new Set(kept.sort((a, b) => a.span[0] - b.span[0]).map((k) => k.gloss))].join(" ");
}

/**
 * Every word or phrase of the text the glossary reads, in text order. A single word whose own English stem already
 * covers its gloss ("cancel", "cancelling") is English and not listed, so an English ticket gains nothing.
 */
export function glossedWords(text: string): GlossedWord[] {
  const tokens = [...text.matchAll(WORD)].map((m) => ({ surface: m[0], folded: fold(m[0]) }));
  const out: GlossedWord[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const phrase = PHRASES.find((p) => i + p.words.length <= tokens.length && p.words.every((w, j) => matchWord(w, tokens[i + j]!.folded) !== null));
    if (phrase) {
      const surface = tokens
        .slice(i, i + phrase.words.length)
        .map((t) => t.surface)
        .join(" ");
      out.push({ surface, gloss: phrase.gloss, keywords: keywords(phrase.gloss) });
      i += phrase.words.length - 1;
      continue;
    }
    const token = tokens[i]!;
    const gloss = glossOfWord(token.folded);
    if (!gloss) continue;
    const glossKeywords = keywords(gloss);
    const own = stem(token.surface.toLowerCase());
    if ([...glossKeywords].every((k) => k === own)) continue;
    out.push({ surface: token.surface, gloss, keywords: glossKeywords });
  }
  return out;
}

/** How a matched keyword is quoted: the customer's word, with its gloss when it came through the glossary. */
interface Surface {
  word: string;
  gloss?: string;
}

function quoteList(words: Surface[]): string {
  const seen = new Set<string>();
  const quoted: string[] = [];
  for (const w of words) {
    const q = w.gloss ? `'${w.word}' (${w.gloss})` : `'${w.word}'`;
    if (seen.has(q)) continue;
    seen.add(q);
    quoted.push(q);
  }
  return quoted.slice(0, 4).join(", ");
}

export function classify(req: ChatRequest, schema: JsonSchema): ClassificationAnswer {
  const allowed = enumIds(schema)?.filter((id) => id !== NONE);
  const listed = listedIntents(req);
  const intents: ListedIntent[] = allowed
    ? allowed.map((id) => listed.find((i) => i.id === id) ?? { id, name: id.replace(/[_-]+/g, " "), description: "", examples: [] })
    : listed;
  const text = ticketText(req);
  const glossed = glossedWords(text);
  // The ticket's own keywords first, then the glosses of its foreign words: an English ticket scores as it always did.
  const ticket = new Set([...keywords(text), ...glossed.flatMap((g) => [...g.keywords])].filter((w) => !FILLER.has(w)));
  // Show the customer's own word, not its stem ("arrived", not "arriv"), and a glossed word with its gloss.
  const surface = new Map<string, Surface>();
  for (const g of glossed) for (const k of g.keywords) if (!surface.has(k)) surface.set(k, { word: g.surface, gloss: g.gloss });
  for (const word of text.split(/[^\p{L}\p{N}]+/u)) {
    const [key] = keywords(word);
    if (key && !surface.has(key)) surface.set(key, { word: word.toLowerCase() });
  }
  const otherIds = new RegExp(`\\b(?:${intents.map((i) => i.id.replace(/[^a-z0-9_-]/g, "")).join("|") || "(?!)"})\\b`, "g");
  const fields = intents.map((i) => ({
    intent: i,
    name: keywords(`${i.id.replace(/[_-]+/g, " ")} ${i.name}`),
    description: keywords(i.description.replace(otherIds, (id) => (id === i.id ? id : " "))),
    examples: keywords(i.examples.join(" ")),
  }));
  const df = new Map<string, number>();
  for (const f of fields) for (const w of new Set([...f.name, ...f.description, ...f.examples])) df.set(w, (df.get(w) ?? 0) + 1);
  const n = fields.length;
  const idf = (w: string) => Math.log((n + 1) / (df.get(w) ?? 1)) / Math.log(n + 1);

  const scored = fields.map((f) => {
    const matched = { name: [] as Surface[], description: [] as Surface[], examples: [] as Surface[] };
    let score = 0;
    for (const w of ticket) {
      const where = f.name.has(w) ? "name" : f.description.has(w) ? "description" : f.examples.has(w) ? "examples" : null;
      if (!where) continue;
      matched[where].push(surface.get(w) ?? { word: w });
      score += idf(w) * (where === "examples" ? EXAMPLE_WEIGHT : 1);
    }
    return { id: f.intent.id, score, matched };
  });
  // Stable: ties keep the prompt's order.
  const ranked = [...scored].sort((a, b) => b.score - a.score);
  const best = ranked[0];
  const second = ranked[1];
  // One shared word is a coincidence unless it is in the intent's name ("refund").
  const words = best ? best.matched.name.length + best.matched.description.length + best.matched.examples.length : 0;
  if (!best || best.score < MIN_SCORE || (words < 2 && best.matched.name.length === 0)) {
    const near =
      best && best.score > 0
        ? ` (closest: ${best.id}, sharing ${quoteList([...best.matched.name, ...best.matched.description, ...best.matched.examples])})`
        : "";
    return {
      intent: NONE,
      confidence: best && best.score > 0 ? 0.6 : 0.8,
      reason: `${STAND_IN} no intent shares enough words with the ticket${near}`,
    };
  }
  const lead = (best.score - (second?.score ?? 0)) / best.score;
  const confidence = round2(Math.min(0.9, 0.55 + 0.2 * lead + 0.15 * Math.min(1, best.score / 3)));
  const parts = (["name", "description", "examples"] as const)
    .filter((k) => best.matched[k].length > 0)
    .map((k) => `${quoteList(best.matched[k])} from the ${k === "examples" ? "examples" : k}`);
  const runnerUp = second && second.score > 0 ? `; runner-up ${second.id}` : "";
  return { intent: best.id, confidence, reason: `${STAND_IN} matched ${parts.join(" and ")} of ${best.id}${runnerUp}` };
}

/** The JSON content of the default answer, or null when the request is not a classification. */
export function classificationContent(req: ChatRequest): string | null {
  const schema = classificationSchema(req);
  return schema ? JSON.stringify(classify(req, schema)) : null;
}
