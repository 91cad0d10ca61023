/**
 * The triage core: ticket + rule table + what the cascade's tiers said in, decision with reasons out. Pure and
 * synchronous, so it can be replayed against stored tickets (dry-run) and benchmarked in isolation.
 *
 * The intent comes from the first tier that places it: an agent's correction (pinned), a rule, the edge model
 * when it is confident, the LLM tier when the model was unsure; otherwise none. The I/O of the LLM tier happens
 * outside (worker/pipeline/cascade.ts), which runs this function again with the LLM's answer.
 */
import { isEnabledIntent, intentTagFor } from "../intents/mapping";
import type { IntentTaxonomy } from "../intents/schema";
import { applyRules, type RuleFacts, type RuleState } from "../rules/evaluate";
import type { RuleTable } from "../rules/schema";
import { detectLanguage } from "../signals/language";
import { suggestPriority } from "../signals/priority";
import { scoreSentiment } from "../signals/sentiment";
import { managedTags } from "../tags";
import { customerBody, latestCustomerMessage } from "../ticket-text";
import type { CascadeTrace, IntentPrediction, LlmTierOutcome, PinnedIntent, TicketSnapshot, Tier, TriageDecision } from "../types";

/** The LLM's label is used from this confidence up (below it the ticket stays unplaced). */
export const DEFAULT_LLM_MIN_CONFIDENCE = 0.5;

export interface TriageInput {
  ticket: TicketSnapshot;
  table: RuleTable;
  rulesVersion: number | null;
  prediction: IntentPrediction | null;
  /** The account's intents (disabled ones are never decided, mapped tags replace intent__<id>); null: no filter. */
  taxonomy?: IntentTaxonomy | null;
  /** An agent's correction: the ticket's intent until an agent corrects it again. */
  pinned?: PinnedIntent | null;
  /** The LLM tier's outcome; absent or null: not asked (yet). */
  llm?: LlmTierOutcome | null;
  llmMinConfidence?: number;
  /** Why the account's own model was not used (the shipped one answered), if so. */
  modelFallback?: string | null;
  /**
   * The languages the edge model was trained on (ISO 639-1); absent or null: any. The model never decides a ticket
   * in another language (its confidence there means nothing): the LLM tier is asked, and its label teaches the
   * account's model that language.
   */
  modelLanguages?: readonly string[] | null;
}

/** The ticket's language when it is one the model has no training data for (und never counts as unknown). */
export function languageUnknownToModel(language: string, modelLanguages: readonly string[] | null | undefined): string | null {
  const primary = language.split("-")[0] ?? "und";
  return modelLanguages && primary !== "und" && !modelLanguages.includes(primary) ? primary : null;
}

function percent(p: number): string {
  return `${(p * 100).toFixed(1)}%`;
}

function describePrediction(p: IntentPrediction): string {
  const top = p.top.map((t) => `${t.label} ${percent(t.probability)}`).join(", ");
  const verdict = p.outOfScope ? "out of scope" : p.abstain ? "abstained (not confident)" : `intent ${p.top[0]?.label}`;
  return `model ${p.modelVersion}: ${verdict}; top ${top}; margin ${p.margin.toFixed(2)}`;
}

function describeLlm(llm: LlmTierOutcome): string {
  if (!llm.ran) return `LLM tier did not run: ${llm.reason}`;
  const answer = llm.intent === null ? "none of the intents fits" : `intent ${llm.intent}`;
  return `LLM tier (${llm.model}${llm.cached ? ", cached answer" : ""}): ${answer} at ${percent(llm.confidence)}: ${llm.reason}`;
}

/** Why the edge model did not place the ticket, in plain words. */
function modelUnsure(p: IntentPrediction | null, taxonomy: IntentTaxonomy | null, unknownLanguage: string | null): string {
  if (!p) return "no edge model ran";
  const top = p.top[0];
  if (unknownLanguage) return `the edge model has no ${unknownLanguage} training data (its guess: ${top?.label ?? "-"} at ${percent(top?.probability ?? 0)})`;
  if (p.outOfScope) return `the edge model found it out of scope${top ? ` (best intent ${top.label} at ${percent(top.probability)})` : ""}`;
  if (p.abstain) return `the edge model was unsure (best ${top?.label ?? "-"} at ${percent(top?.probability ?? 0)})`;
  if (top && !isEnabledIntent(top.label, taxonomy)) return `the edge model chose ${top.label}, which this account has disabled`;
  return "the edge model named no intent";
}

export function triage(input: TriageInput): TriageDecision {
  const { ticket, table, rulesVersion, prediction } = input;
  const taxonomy = input.taxonomy ?? null;
  const pinned = input.pinned ?? null;
  const llm = input.llm ?? null;
  const latest = latestCustomerMessage(ticket);
  const body = customerBody(ticket);
  const language = detectLanguage(`${ticket.subject}\n${latest}`);
  // The subject carries signals too ("URGENT: site down").
  const sentiment = scoreSentiment(`${ticket.subject}\n${latest}`, language.language);
  const suggested = suggestPriority({
    text: `${ticket.subject}\n${latest}`,
    sentiment: sentiment.sentiment,
    signals: sentiment.signals,
    repeatContact: ticket.comments.length,
    ticketPriority: ticket.priority,
  });

  const reasons: string[] = [];
  const modelTop = prediction?.top[0] ?? null;
  const unknownLanguage = languageUnknownToModel(language.language, input.modelLanguages);
  const modelNamesIntent =
    prediction !== null && modelTop !== null && !unknownLanguage && !prediction.abstain && !prediction.outOfScope && isEnabledIntent(modelTop.label, taxonomy);
  const llmIntent =
    llm?.ran && llm.intent !== null && llm.confidence >= (input.llmMinConfidence ?? DEFAULT_LLM_MIN_CONFIDENCE) && isEnabledIntent(llm.intent, taxonomy)
      ? llm.intent
      : null;
  if (input.modelFallback) reasons.push(`account model not used: ${input.modelFallback}`);
  if (prediction) reasons.push(describePrediction(prediction));
  if (llm) reasons.push(describeLlm(llm));
  // eld's confidence is a margin between the top two languages, not a probability: name the language only.
  reasons.push(`language ${language.language}`);
  reasons.push(`sentiment ${sentiment.sentiment}${sentiment.evidence.length ? `: ${sentiment.evidence.join("; ")}` : ""}`);
  reasons.push(`priority ${suggested.priority}${suggested.reasons.length ? `: ${suggested.reasons.join("; ")}` : ""}`);

  const placedBy: Tier = pinned ? "agent" : modelNamesIntent ? "model" : llmIntent ? "llm" : "none";
  const placedIntent = pinned ? pinned.intent : modelNamesIntent ? modelTop.label : llmIntent;
  const placedConfidence = placedBy === "llm" && llm?.ran ? llm.confidence : placedBy === "agent" ? null : (modelTop?.probability ?? null);

  const facts: RuleFacts = {
    subject: ticket.subject,
    body,
    latest,
    channel: ticket.channel,
    language: language.language,
    ticketPriority: ticket.priority,
    status: ticket.status,
    ticketTags: ticket.tags,
    requesterTags: ticket.requesterTags,
    organizationTags: ticket.organizationTags,
    confidence: placedConfidence,
    outOfScope: prediction?.outOfScope ?? false,
    customerReplies: ticket.comments.length,
    tier: placedBy,
  };
  const state: RuleState = {
    intent: placedIntent,
    priority: suggested.priority,
    sentiment: sentiment.sentiment,
    route: null,
    priorityFromRule: false,
    groupId: null,
    customFields: {},
    tags: new Set(),
    removeTags: new Set(),
    intentPinned: pinned !== null,
    intentRuleId: null,
  };
  const outcome = applyRules(table, facts, state);
  reasons.push(...outcome.reasons);

  const ruleSetIntent = !pinned && state.intentRuleId != null && state.intent !== placedIntent;
  const tier: Tier = ruleSetIntent ? "rule" : state.intent === null ? "none" : placedBy;
  const summary = cascadeSummary({ tier, intent: state.intent, prediction, llm, pinned, ruleId: state.intentRuleId ?? null, taxonomy, unknownLanguage });

  let route = state.route;
  if (route === null) {
    // No model at all (rules-only accounts, or it failed to load) keeps the plain default route.
    const unsure = tier === "none" && prediction !== null;
    route = unsure ? table.defaults.abstain_route : table.defaults.route;
    reasons.push(`route ${route}: ${unsure ? "default when no tier can place the ticket" : "default"} (no rule set a route)`);
  }

  const confidence = tier === "rule" || tier === "agent" ? null : tier === "none" ? (modelTop?.probability ?? null) : placedConfidence;
  const decision = { intent: state.intent, priority: state.priority, sentiment: sentiment.sentiment, language: language.language };
  const managed = managedTags({ ...decision, intent: null });
  if (decision.intent) managed.unshift(intentTagFor(decision.intent, taxonomy));
  const tags = [...new Set([...managed, ...state.tags])].sort();
  const cascade: CascadeTrace = {
    tier,
    summary,
    llm,
    modelFallback: input.modelFallback ?? null,
    ruleId: tier === "rule" ? (state.intentRuleId ?? null) : null,
    correctionId: pinned?.correctionId ?? null,
  };

  return {
    ...decision,
    confidence,
    tags,
    removeTags: [...state.removeTags].sort(),
    route,
    groupId: state.groupId,
    customFields: state.customFields,
    priorityFromRule: state.priorityFromRule,
    reasons: [`decided by ${tier}: ${summary}`, ...reasons],
    ruleHits: outcome.hits,
    rulesVersion,
    modelVersion: prediction?.modelVersion ?? null,
    prediction,
    tier,
    cascade,
  };
}

function cascadeSummary(s: {
  tier: Tier;
  intent: string | null;
  prediction: IntentPrediction | null;
  llm: LlmTierOutcome | null;
  pinned: PinnedIntent | null;
  ruleId: string | null;
  taxonomy: IntentTaxonomy | null;
  unknownLanguage: string | null;
}): string {
  switch (s.tier) {
    case "agent":
      return `intent ${s.intent} was set by an agent's correction${s.pinned?.actorName ? ` (${s.pinned.actorName})` : ""} and is kept on re-triage`;
    case "rule":
      return `rule ${s.ruleId} set the intent to ${s.intent}`;
    case "model": {
      const top = s.prediction?.top[0];
      return `the edge model is confident: ${s.intent} at ${percent(top?.probability ?? 0)}`;
    }
    case "llm":
      return `${modelUnsure(s.prediction, s.taxonomy, s.unknownLanguage)}, so the LLM classified it: ${s.intent} at ${percent(s.llm?.ran ? s.llm.confidence : 0)}`;
    case "none": {
      const model = modelUnsure(s.prediction, s.taxonomy, s.unknownLanguage);
      if (!s.llm) return `no tier placed the ticket: ${model}`;
      if (!s.llm.ran) return `no tier placed the ticket: ${model}, and the LLM tier did not run (${s.llm.reason})`;
      if (s.llm.intent === null) return `no tier placed the ticket: ${model}, and the LLM said none of the intents fits (${s.llm.reason})`;
      return `no tier placed the ticket: ${model}, and the LLM's answer (${s.llm.intent} at ${percent(s.llm.confidence)}) was below the confidence needed`;
    }
  }
}
