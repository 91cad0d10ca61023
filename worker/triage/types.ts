/**
 * The triage core's vocabulary. Everything under worker/triage is pure: a ticket (plus the rule table and the
 * model's output) goes in, a decision with its reasons comes out. No I/O, no clocks, no globals.
 */
import type { Priority, Sentiment } from "./signals/types";

export type { Priority, Sentiment };

/** What the intent model says about a ticket's text: defined once, beside the model (models/shared). */
export type { IntentPrediction } from "../../models/shared/types";
import type { IntentPrediction } from "../../models/shared/types";

export const ROUTES = ["auto", "draft", "escalate", "ignore"] as const;
export type Route = (typeof ROUTES)[number];

export const PRIORITIES = ["low", "normal", "high", "urgent"] as const satisfies readonly Priority[];

/** A customer (end-user) message on the ticket after the first one. */
export interface CustomerComment {
  id: string;
  body: string;
  createdAt?: string | null;
}

/** What triage reads about a ticket: the latest snapshot we hold. */
export interface TicketSnapshot {
  id: number;
  subject: string;
  /** The first message (Zendesk's `description`). */
  description: string;
  /** Later end-user comments, oldest first (capped). */
  comments: CustomerComment[];
  status: string | null;
  /** The priority the ticket had in Zendesk before triage. */
  priority: string | null;
  channel: string | null;
  tags: string[];
  requesterTags: string[];
  organizationTags: string[];
}

export type CustomFieldValue = string | number | boolean | null;

export interface RuleHit {
  ruleId: string;
  /** 0-based position in the table. */
  index: number;
}

/**
 * Which tier of the cascade decided the intent (rules -> edge model -> LLM when the model is unsure; an agent's
 * correction pins the intent above all of them), or `none`: no tier could place the ticket.
 */
export const TIERS = ["agent", "rule", "model", "llm", "none"] as const;
export type Tier = (typeof TIERS)[number];

/** What the LLM tier answered, or why it did not run (each cause is recorded, never a lost ticket). */
export type LlmTierOutcome =
  | {
      ran: true;
      /** An intent id of the account's taxonomy, or null: the LLM said none fits. */
      intent: string | null;
      confidence: number;
      /** The LLM's one-line reason. */
      reason: string;
      model: string;
      /** Answered from the per-ticket-content cache (no call, no cost). */
      cached: boolean;
      costUsd: number;
    }
  | { ran: false; reason: string };

/** An agent's intent correction that pins the ticket's intent from then on. */
export interface PinnedIntent {
  intent: string;
  correctionId: number;
  actorName: string | null;
}

/** The cascade as it ran for one decision: kept with the decision and shown in the note and the sidebar. */
export interface CascadeTrace {
  tier: Tier;
  /** Plain words: which tier decided and why, or why no tier did. */
  summary: string;
  /** null: the LLM tier was not considered (another tier decided first). */
  llm: LlmTierOutcome | null;
  /** Set when the account's own model could not be used and the shipped one answered instead. */
  modelFallback: string | null;
  /** The rule that set the intent, when tier is `rule`. */
  ruleId: string | null;
  correctionId: number | null;
}

export interface TriageDecision {
  intent: string | null;
  confidence: number | null;
  priority: Priority;
  sentiment: Sentiment;
  language: string;
  /** Every tag this decision adds in Zendesk (managed tags + rule tags), sorted. */
  tags: string[];
  /** Tags rules asked to remove. */
  removeTags: string[];
  route: Route;
  groupId: number | null;
  /** Custom field values keyed by Zendesk field id. */
  customFields: Record<string, CustomFieldValue>;
  /** Whether a rule set the Zendesk priority field explicitly (only then is it written back). */
  priorityFromRule: boolean;
  reasons: string[];
  ruleHits: RuleHit[];
  rulesVersion: number | null;
  modelVersion: string | null;
  prediction: IntentPrediction | null;
  /** Which tier decided the intent (mirrors cascade.tier, stored as its own column for queries). */
  tier: Tier;
  cascade: CascadeTrace;
}
