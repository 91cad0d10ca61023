/**
 * Which model drafts a ticket. The rule (documented in docs/llm.md):
 *   the LARGE model when a large model is configured and any of these holds (thresholds in llm.largeModelWhen):
 *     - the triage priority is one of `priorities` (default high, urgent);
 *     - the sentiment is one of `sentiments` (default very_negative);
 *     - the thread is long: at least `minCustomerMessages` customer messages (default 3) or `minChars` characters
 *       of customer text (default 2,500);
 *     - the intent model is unsure: it abstained, found the text out of scope, or its confidence is below
 *       `belowConfidence` (default 0.5);
 *   otherwise the SMALL model.
 * Pure.
 */
import type { TicketSnapshot, TriageDecision } from "../triage/types";
import type { LlmSettings } from "../settings/drafting";

export interface ModelChoice {
  model: string;
  tier: "small" | "large";
  /** Why (empty for the small model). */
  reasons: string[];
}

export function chooseModel(settings: LlmSettings, ticket: TicketSnapshot, decision: TriageDecision): ModelChoice {
  const when = settings.largeModelWhen;
  const reasons: string[] = [];
  if (when.priorities.includes(decision.priority)) reasons.push(`priority ${decision.priority}`);
  if (when.sentiments.includes(decision.sentiment)) reasons.push(`sentiment ${decision.sentiment}`);
  const messages = 1 + ticket.comments.length;
  const chars = ticket.description.length + ticket.comments.reduce((n, c) => n + c.body.length, 0);
  if (messages >= when.minCustomerMessages) reasons.push(`${messages} customer messages`);
  else if (chars >= when.minChars) reasons.push(`${chars} characters of customer text`);
  const p = decision.prediction;
  if (p?.abstain) reasons.push("the intent model abstained");
  else if (p?.outOfScope) reasons.push("the intent model found the text out of scope");
  else if (decision.confidence !== null && decision.confidence < when.belowConfidence)
    reasons.push(`intent confidence ${decision.confidence.toFixed(2)} < ${when.belowConfidence}`);
  if (settings.largeModel && reasons.length > 0) return { model: settings.largeModel, tier: "large", reasons };
  return { model: settings.smallModel, tier: "small", reasons: [] };
}
