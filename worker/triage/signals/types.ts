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
}

export interface PriorityResult {
  priority: Priority;
  reasons: string[];
}
