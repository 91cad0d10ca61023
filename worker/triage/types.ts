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
}
