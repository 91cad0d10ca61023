// Suggested Zendesk priority (low | normal | high | urgent) from the text, the sentiment and the signals.
// Pure; runs in workerd. Rules are data (PRIORITY_RULES): each one that matches proposes a priority with a
// reason, the highest wins; "low" rules only apply when nothing asked for more than normal.
// A priority already on the ticket is never lowered (an agent or a trigger may have set it on purpose).
// The words behind the rules are per language (PriorityCues: English here, the others in lexicon-<code>.ts).
// With a supported `language` the rules read English and that language's cues; without one, every language's
// cues (a cue is specific enough that another language's words do not fire it on English text: the English
// figures of bench/signals are the same either way).

import { foldRegExp, foldText } from "./fold";
import { GERMAN_PRIORITY } from "./lexicon-de";
import { SPANISH_PRIORITY } from "./lexicon-es";
import { FRENCH_PRIORITY } from "./lexicon-fr";
import { DUTCH_PRIORITY } from "./lexicon-nl";
import { PORTUGUESE_PRIORITY } from "./lexicon-pt";
import { isPriority, priorityRank, sentimentRank, type Priority, type PriorityCues, type PriorityInput, type PriorityResult, type Signal } from "./types";

type Cue = Exclude<keyof PriorityCues, "language" | "folding">;

interface RuleContext {
  /** Does any of the message's languages' cues of this kind match? */
  cue: (name: Cue) => boolean;
  sentiment: PriorityInput["sentiment"];
  signals: ReadonlySet<Signal>;
  repeatContact: number;
}

export interface PriorityRule {
  id: string;
  priority: Priority;
  reason: string;
  when: (c: RuleContext) => boolean;
}

// ============================================================================================== DATA

/** Work that must not wait: a person or the business is blocked from something that matters now. */
const BLOCKED_NOW =
  /\b(?:payroll|locked out|completely blocked|can'?t (?:log ?in|access|take)|cannot (?:log ?in|access)|registration opens|card payments|signed|signing)\b/;
/** Money taken or withheld wrongly. */
const MONEY_WRONG =
  /\b(?:charged (?:me )?(?:twice|three times|again|\w+ times|after|for)|double[- ]charged|billed (?:me )?(?:again|twice)|charged \d+ of|payouts?\b[^.!?]{0,40}\b(?:haven'?t|not|never) (?:arrived|received)|charged me for a \w+ plan|charged my card after|took my money|refund\b[^.!?]{0,30}\b(?:still|never|hasn'?t))\b|\bdouble charged\b/;
/** Something concrete to fix (as opposed to venting or a question). */
const CONCRETE_PROBLEM =
  /\b(?:charged|billed|refund|order|package|parcel|locked|broken|broke|crash\w*|deleted|lost|never showed|hung up|disconnected|cancel\w*|still|loads|emails|account|callback|fixed|waiting|waited|sent nothing)\b/;
/** Impact on many end customers at once. */
const MANY_AFFECTED =
  /\b(?:\d{2,}|hundreds|thousands|all|many|most) (?:of )?our (?:customers|members|users|clients)\b|\b\d{2,} (?:customers|members|users|clients)\b/;
/** No problem to fix: information, pre-sales, feature requests, feedback. */
const INFO_QUESTION =
  /(?:^|[.!?]\s+)(?:hi|hello|hey)?[,!\s]*(?:is there (?:a|an)\b|is it possible|do you (?:offer|have|support|plan)|does (?:the|your)|what(?:'s| is| are) (?:the|your)|where can i find|could you send me|can i change|just wondering|just letting you know|feature request|suggestion|could you add|is the \w+ app available)\b|\bby design\?|\b(?:i'?d like to know|wondering) (?:if|whether)\b/;
const NO_RUSH = /\b(?:no rush|not urgent|no hurry|whenever you (?:can|have time)|when you have a moment)\b/;
const FEATURE_FEEDBACK = /\b(?:roadmap|would be (?:nice|great|handy)|feature request|suggestion|not a fan)\b/;

export const ENGLISH_PRIORITY: PriorityCues = {
  language: "en",
  folding: "lower",
  blockedNow: BLOCKED_NOW,
  deadlineNow: /\b(?:today|immediately|minutes|5pm|\d ?pm|now)\b/,
  moneyWrong: MONEY_WRONG,
  concreteProblem: CONCRETE_PROBLEM,
  manyAffected: MANY_AFFECTED,
  infoQuestion: INFO_QUESTION,
  noRush: NO_RUSH,
  featureFeedback: FEATURE_FEEDBACK,
  praiseButProblem: /\b(?:but|however|though)\b[^.!?]*\b(?:still|not|fail\w*|why|trouble|problem)\b|\bhaving trouble\b/,
};

/** Cues per ISO 639-1 code. */
export const PRIORITY_CUES: Readonly<Record<string, PriorityCues>> = {
  en: ENGLISH_PRIORITY,
  de: GERMAN_PRIORITY,
  es: SPANISH_PRIORITY,
  fr: FRENCH_PRIORITY,
  pt: PORTUGUESE_PRIORITY,
  nl: DUTCH_PRIORITY,
};

export const PRIORITY_RULES: readonly PriorityRule[] = [
  { id: "security", priority: "urgent", reason: "security incident", when: (c) => c.signals.has("security") },
  { id: "outage", priority: "urgent", reason: "service down for many users", when: (c) => c.signals.has("outage") },
  {
    id: "blocked-with-deadline",
    priority: "urgent",
    reason: "blocked with a deadline today",
    when: (c) => c.signals.has("urgency") && c.cue("blockedNow") && c.cue("deadlineNow"),
  },
  {
    id: "many-customers-money",
    priority: "urgent",
    reason: "money taken wrongly from many customers",
    when: (c) => c.cue("moneyWrong") && c.cue("manyAffected"),
  },
  { id: "urgency", priority: "high", reason: "customer asks for speed or has a deadline", when: (c) => c.signals.has("urgency") },
  { id: "legal", priority: "high", reason: "legal threat or formal legal demand", when: (c) => c.signals.has("legal") },
  { id: "money-wrong", priority: "high", reason: "money taken or withheld wrongly", when: (c) => c.cue("moneyWrong") },
  {
    id: "repeat-frustrated",
    priority: "high",
    reason: "repeat contact, still unresolved",
    // repeatContact counts the customer's follow-ups; a friendly back-and-forth ("thanks, that worked") is not a chaser.
    when: (c) => (c.signals.has("repeat_contact") && sentimentRank(c.sentiment) < 0) || (c.repeatContact >= 2 && sentimentRank(c.sentiment) <= 0),
  },
  {
    id: "angry-concrete",
    priority: "high",
    reason: "very angry customer with a concrete problem",
    when: (c) => c.sentiment === "very_negative" && c.cue("concreteProblem"),
  },
  { id: "many-customers", priority: "high", reason: "affects many end customers", when: (c) => c.cue("manyAffected") },
  { id: "no-rush", priority: "low", reason: "customer says it is not urgent", when: (c) => c.cue("noRush") },
  {
    id: "praise",
    priority: "low",
    reason: "thanks or praise, nothing to fix",
    when: (c) => sentimentRank(c.sentiment) > 0 && !c.cue("praiseButProblem"),
  },
  { id: "info-question", priority: "low", reason: "information or pre-sales question", when: (c) => c.cue("infoQuestion") },
  { id: "feedback", priority: "low", reason: "feedback or feature request", when: (c) => c.cue("featureFeedback") },
];

// ============================================================================================== LOGIC

const CUES: readonly Cue[] = [
  "blockedNow",
  "deadlineNow",
  "moneyWrong",
  "concreteProblem",
  "manyAffected",
  "infoQuestion",
  "noRush",
  "featureFeedback",
  "praiseButProblem",
];
const compiledCues = new Map<PriorityCues, PriorityCues>();

function compileCues(cues: PriorityCues): PriorityCues {
  let c = compiledCues.get(cues);
  if (!c) {
    c = { ...cues };
    for (const name of CUES) c[name] = foldRegExp(cues[name], cues.folding);
    compiledCues.set(cues, c);
  }
  return c;
}

/** The cue sets a message is read with: English + its own language, or every language's when the language is not
 * one of PRIORITY_CUES (absent, "und", or another language). */
function cueSetsFor(language: string | null | undefined): PriorityCues[] {
  const code = (language ?? "").toLowerCase().split(/[-_]/)[0] ?? "";
  const own = PRIORITY_CUES[code];
  if (!own) return Object.values(PRIORITY_CUES);
  return own === ENGLISH_PRIORITY ? [ENGLISH_PRIORITY] : [ENGLISH_PRIORITY, own];
}

function cueMatcher(text: string, language: string | null | undefined): (name: Cue) => boolean {
  const folded = new Map<string, string>();
  const sets = cueSetsFor(language).map(compileCues);
  return (name) =>
    sets.some((cues) => {
      let t = folded.get(cues.folding);
      if (t === undefined) {
        t = foldText(text, cues.folding);
        folded.set(cues.folding, t);
      }
      return cues[name].test(t);
    });
}

/** Suggest a Zendesk priority with the reasons behind it. */
export function suggestPriority(input: PriorityInput): PriorityResult {
  const ctx: RuleContext = {
    cue: cueMatcher(input.text, input.language),
    sentiment: input.sentiment,
    signals: new Set(input.signals),
    repeatContact: Math.max(0, input.repeatContact ?? 0),
  };
  const hits = PRIORITY_RULES.filter((r) => r.when(ctx));
  const raising = hits.filter((r) => priorityRank(r.priority) > priorityRank("normal"));
  let priority: Priority = "normal";
  let reasons: string[];
  if (raising.length) {
    priority = raising.reduce<Priority>((p, r) => (priorityRank(r.priority) > priorityRank(p) ? r.priority : p), "normal");
    reasons = raising.filter((r) => r.priority === priority).map((r) => r.reason);
    reasons.push(...raising.filter((r) => r.priority !== priority).map((r) => r.reason));
  } else {
    const lowering = hits.filter((r) => r.priority === "low");
    if (lowering.length) {
      priority = "low";
      reasons = lowering.map((r) => r.reason);
    } else {
      reasons = ["ordinary request or problem"];
    }
  }
  if (ctx.repeatContact >= 2 && priorityRank(priority) > priorityRank("normal") && !reasons.includes("repeat contact, still unresolved")) {
    reasons.push(`contacted ${ctx.repeatContact} times before`);
  }

  const existing = typeof input.ticketPriority === "string" ? input.ticketPriority.toLowerCase() : null;
  if (isPriority(existing) && priorityRank(existing) > priorityRank(priority)) {
    reasons.unshift(`kept the ticket's existing priority "${existing}" (suggested "${priority}")`);
    priority = existing;
  }
  return { priority, reasons: [...new Set(reasons)] };
}
