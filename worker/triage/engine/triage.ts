/**
 * The triage core: ticket + rule table + model output in, decision with reasons out. Pure and synchronous,
 * so it can be replayed against stored tickets (dry-run) and benchmarked in isolation.
 */
import { applyRules, type RuleFacts, type RuleState } from "../rules/evaluate";
import type { RuleTable } from "../rules/schema";
import { detectLanguage } from "../signals/language";
import { suggestPriority } from "../signals/priority";
import { scoreSentiment } from "../signals/sentiment";
import { managedTags } from "../tags";
import { customerBody, latestCustomerMessage } from "../ticket-text";
import type { IntentPrediction, TicketSnapshot, TriageDecision } from "../types";

export interface TriageInput {
  ticket: TicketSnapshot;
  table: RuleTable;
  rulesVersion: number | null;
  prediction: IntentPrediction | null;
}

function percent(p: number): string {
  return `${(p * 100).toFixed(1)}%`;
}

function describePrediction(p: IntentPrediction): string {
  const top = p.top.map((t) => `${t.label} ${percent(t.probability)}`).join(", ");
  const verdict = p.outOfScope ? "out of scope" : p.abstain ? "abstained (not confident)" : `intent ${p.top[0]?.label}`;
  return `model ${p.modelVersion}: ${verdict}; top ${top}; margin ${p.margin.toFixed(2)}`;
}

export function triage({ ticket, table, rulesVersion, prediction }: TriageInput): TriageDecision {
  const latest = latestCustomerMessage(ticket);
  const body = customerBody(ticket);
  const language = detectLanguage(`${ticket.subject}\n${latest}`);
  // The subject carries signals too ("URGENT: site down").
  const sentiment = scoreSentiment(`${ticket.subject}\n${latest}`);
  const suggested = suggestPriority({
    text: `${ticket.subject}\n${latest}`,
    sentiment: sentiment.sentiment,
    signals: sentiment.signals,
    repeatContact: ticket.comments.length,
    ticketPriority: ticket.priority,
  });

  const reasons: string[] = [];
  const modelTop = prediction?.top[0] ?? null;
  const modelNamesIntent = prediction !== null && modelTop !== null && !prediction.abstain && !prediction.outOfScope;
  if (prediction) reasons.push(describePrediction(prediction));
  // eld's confidence is a margin between the top two languages, not a probability: name the language only.
  reasons.push(`language ${language.language}`);
  reasons.push(`sentiment ${sentiment.sentiment}${sentiment.evidence.length ? `: ${sentiment.evidence.join("; ")}` : ""}`);
  reasons.push(`priority ${suggested.priority}${suggested.reasons.length ? `: ${suggested.reasons.join("; ")}` : ""}`);

  const facts: RuleFacts = {
    subject: ticket.subject,
    body,
    channel: ticket.channel,
    language: language.language,
    ticketPriority: ticket.priority,
    status: ticket.status,
    ticketTags: ticket.tags,
    requesterTags: ticket.requesterTags,
    organizationTags: ticket.organizationTags,
    confidence: modelTop?.probability ?? null,
    outOfScope: prediction?.outOfScope ?? false,
    customerReplies: ticket.comments.length,
  };
  const state: RuleState = {
    intent: modelNamesIntent ? modelTop.label : null,
    priority: suggested.priority,
    sentiment: sentiment.sentiment,
    route: null,
    priorityFromRule: false,
    groupId: null,
    customFields: {},
    tags: new Set(),
    removeTags: new Set(),
  };
  const outcome = applyRules(table, facts, state);
  reasons.push(...outcome.reasons);

  let route = state.route;
  if (route === null) {
    const unsure = prediction !== null && (prediction.abstain || prediction.outOfScope);
    route = unsure ? table.defaults.abstain_route : table.defaults.route;
    reasons.push(`route ${route}: ${unsure ? "default when the model is unsure" : "default"} (no rule set a route)`);
  }

  // A rule that overrides the model's intent makes the model's probability meaningless for that label.
  const confidence =
    state.intent !== null && state.intent === modelTop?.label ? modelTop.probability : state.intent === null ? (modelTop?.probability ?? null) : null;
  const decision = { intent: state.intent, priority: state.priority, sentiment: sentiment.sentiment, language: language.language };
  const tags = [...new Set([...managedTags(decision), ...state.tags])].sort();

  return {
    ...decision,
    confidence,
    tags,
    removeTags: [...state.removeTags].sort(),
    route,
    groupId: state.groupId,
    customFields: state.customFields,
    priorityFromRule: state.priorityFromRule,
    reasons,
    ruleHits: outcome.hits,
    rulesVersion,
    modelVersion: prediction?.modelVersion ?? null,
    prediction,
  };
}
