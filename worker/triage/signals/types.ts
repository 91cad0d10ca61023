// Shared types for the sentiment / priority signals. The string values are Zendesk's own:
// ticket priority is low | normal | high | urgent, and the sentiment levels match Zendesk's intelligent triage
// (very_negative ... very_positive), so they can be written back as tags/fields unchanged.

export const SENTIMENTS = ["very_negative", "negative", "neutral", "positive", "very_positive"] as const;
export type Sentiment = (typeof SENTIMENTS)[number];

export const PRIORITIES = ["low", "normal", "high", "urgent"] as const;
export type Priority = (typeof PRIORITIES)[number];

export const SIGNALS = ["anger", "urgency", "legal", "repeat_contact", "security", "outage"] as const;
export type Signal = (typeof SIGNALS)[number];

export function isSentiment(value: unknown): value is Sentiment {
  return typeof value === "string" && (SENTIMENTS as readonly string[]).includes(value);
}

export function isPriority(value: unknown): value is Priority {
  return typeof value === "string" && (PRIORITIES as readonly string[]).includes(value);
}

export function isSignal(value: unknown): value is Signal {
  return typeof value === "string" && (SIGNALS as readonly string[]).includes(value);
}

/** -2 (very_negative) ... +2 (very_positive). */
export function sentimentRank(s: Sentiment): number {
  return SENTIMENTS.indexOf(s) - 2;
}

/** 0 (low) ... 3 (urgent). */
export function priorityRank(p: Priority): number {
  return PRIORITIES.indexOf(p);
}

export interface SentimentResult {
  sentiment: Sentiment;
  /** Combined lexicon + rule score after intensity; below 0 is negative. Roughly -15..+15 on real tickets. */
  score: number;
  signals: Signal[];
  /** Short human-readable reasons (words and rules hit), for the "why" note on the ticket. */
  evidence: string[];
}

export interface PriorityInput {
  text: string;
  sentiment: Sentiment;
  signals: Signal[];
  /** How many times the requester has already contacted us about this (0 or undefined: first contact). */
  repeatContact?: number;
  /** The priority already on the Zendesk ticket, if any (set by an agent, a trigger or the requester). */
  ticketPriority?: string | null;
  /** ISO 639-1 code of the text (detectLanguage). Absent: the cues of every supported language are tried. */
  language?: string | null;
}

export interface PriorityResult {
  priority: Priority;
  reasons: string[];
}

// ------------------------------------------------------------------------------------------ lexicons
// One SentimentLexicon and one PriorityCues per language (English in sentiment.ts / priority.ts, the others in
// lexicon-<code>.ts). Words, phrases and regexes are written as the language is spelled (umlauts, accents); they
// are matched on FOLDED text (see fold.ts): the lexicon's `folding` is applied to the text, to the word keys and
// to the regex sources alike, so "não"/"nao" or "zurück"/"zurueck" match the same entry.

/** How a language's text is folded before matching: lower-case only, German umlauts (ä → ae ...), or accents stripped. */
export type Folding = "lower" | "umlaut" | "accents";

/** A word's score. It REPLACES any general-lexicon score for the word; `anger` marks hostility. */
export interface WordScore {
  score: number;
  anger?: boolean;
}

/** A multi-word pattern: `sarcasm` flips the praise in the message; `silence` drops the scores of the words inside. */
export interface PhraseRule {
  re: RegExp;
  score: number;
  label: string;
  anger?: boolean;
  sarcasm?: boolean;
  silence?: boolean;
}

/** How one signal is recognised: regexes on the folded text, `raw` on the original text, `unless` vetoes. */
export interface SignalPattern {
  re: RegExp[];
  raw?: RegExp[];
  unless?: RegExp;
}

export type SignalPatterns = Readonly<Record<Exclude<Signal, "anger">, SignalPattern>>;

export interface SentimentLexicon {
  /** ISO 639-1 code. */
  language: string;
  folding: Folding;
  /** Lower-case word → score; a key ending in "*" matches every word that starts with it (inflection, compounds). */
  words: Readonly<Record<string, WordScore>>;
  phrases: readonly PhraseRule[];
  /** Words that negate a scored word up to `negationWindow` tokens later, in the same clause. */
  negators: readonly string[];
  /** A token matching this is a negator too (English "...n't", French "n'..."). */
  negatorToken?: RegExp;
  negationWindow: number;
  /** Words that negate a scored word up to `postNegationWindow` tokens EARLIER ("das gefällt mir nicht", "werkt niet"). */
  postNegators?: readonly string[];
  postNegationWindow?: number;
  /** Words that strengthen the next scored word ("sehr", "muy", "très", "muito", "erg"). */
  intensifiers?: readonly string[];
  /** Words that start a new clause, like punctuation ("but", "aber", "pero", "mais", "mas", "maar"). */
  contrast: readonly string[];
  /** Stripped from the start of a token before the word lookup (French "l'", "j'", "qu'"). */
  elision?: RegExp;
  /** All-caps tokens that are acronyms, not shouting (added to the shared list). */
  acronyms?: readonly string[];
  /** Praise that, next to a reported failure, is sarcasm. */
  sarcasm?: { opener: RegExp; closer: RegExp; failure: RegExp };
  signals: SignalPatterns;
}

/** The language-specific regexes of the priority rules (priority.ts), matched on folded text. */
export interface PriorityCues {
  language: string;
  folding: Folding;
  /** A person or the business blocked from something that matters now. */
  blockedNow: RegExp;
  /** "today", "now", "in minutes": the deadline of blockedNow is now. */
  deadlineNow: RegExp;
  /** Money taken or withheld wrongly. */
  moneyWrong: RegExp;
  /** Something concrete to fix (as opposed to venting or a question). */
  concreteProblem: RegExp;
  /** Impact on many end customers at once. */
  manyAffected: RegExp;
  /** No problem to fix: information, pre-sales. */
  infoQuestion: RegExp;
  noRush: RegExp;
  /** Feature requests, suggestions, feedback. */
  featureFeedback: RegExp;
  /** Praise followed by a problem ("..., but it still fails"): not a thank-you. */
  praiseButProblem: RegExp;
}
