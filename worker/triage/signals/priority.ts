// Suggested Zendesk priority (low | normal | high | urgent) from the text, the sentiment and the signals.
// Pure; runs in workerd. Rules are data (PRIORITY_RULES): each one that matches proposes a priority with a
// reason, the highest wins; "low" rules only apply when nothing asked for more than normal.
// A priority already on the ticket is never lowered (an agent or a trigger may have set it on purpose).

import { isPriority, priorityRank, sentimentRank, type Priority, type PriorityInput, type PriorityResult, type Signal } from "./types";

interface RuleContext {
  lower: string;
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

export const PRIORITY_RULES: readonly PriorityRule[] = [
  { id: "security", priority: "urgent", reason: "security incident", when: (c) => c.signals.has("security") },
  { id: "outage", priority: "urgent", reason: "service down for many users", when: (c) => c.signals.has("outage") },
  {
    id: "blocked-with-deadline",
    priority: "urgent",
    reason: "blocked with a deadline today",
    when: (c) => c.signals.has("urgency") && BLOCKED_NOW.test(c.lower) && /\b(?:today|immediately|minutes|5pm|\d ?pm|now)\b/.test(c.lower),
  },
  {
    id: "many-customers-money",
    priority: "urgent",
    reason: "money taken wrongly from many customers",
    when: (c) => MONEY_WRONG.test(c.lower) && MANY_AFFECTED.test(c.lower),
  },
  { id: "urgency", priority: "high", reason: "customer asks for speed or has a deadline", when: (c) => c.signals.has("urgency") },
  { id: "legal", priority: "high", reason: "legal threat or formal legal demand", when: (c) => c.signals.has("legal") },
  { id: "money-wrong", priority: "high", reason: "money taken or withheld wrongly", when: (c) => MONEY_WRONG.test(c.lower) },
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
    when: (c) => c.sentiment === "very_negative" && CONCRETE_PROBLEM.test(c.lower),
  },
  { id: "many-customers", priority: "high", reason: "affects many end customers", when: (c) => MANY_AFFECTED.test(c.lower) },
  { id: "no-rush", priority: "low", reason: "customer says it is not urgent", when: (c) => NO_RUSH.test(c.lower) },
  {
    id: "praise",
    priority: "low",
    reason: "thanks or praise, nothing to fix",
    when: (c) =>
      sentimentRank(c.sentiment) > 0 && !/\b(?:but|however|though)\b[^.!?]*\b(?:still|not|fail\w*|why|trouble|problem)\b|\bhaving trouble\b/.test(c.lower),
  },
  { id: "info-question", priority: "low", reason: "information or pre-sales question", when: (c) => INFO_QUESTION.test(c.lower) },
  { id: "feedback", priority: "low", reason: "feedback or feature request", when: (c) => FEATURE_FEEDBACK.test(c.lower) },
];

// ============================================================================================== LOGIC

/** Suggest a Zendesk priority with the reasons behind it. */
export function suggestPriority(input: PriorityInput): PriorityResult {
  const ctx: RuleContext = {
    lower: input.text.toLowerCase().replace(/’/g, "'"),
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
