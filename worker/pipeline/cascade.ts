/**
 * The triage cascade around the pure core: the account's taxonomy and correction, its edge model, then the LLM
 * tier only when the pure core says no earlier tier placed the ticket (worker/triage/engine/cascade.ts). Every
 * label a tier gives (a rule's intent, the LLM's answer) is kept as a training example for the account's model.
 */
import type { Env } from "../env/bindings";
import { loadIntentClassifier } from "../intent-model/index";
import type { AccountClassifier } from "../intent-model/account-model";
import { errorMessage, log } from "../lib/log";
import { llmMinConfidence, type LlmClassifyRequest } from "../llm-triage/classify";
import type { AccountWithSecrets } from "../store/accounts";
import { latestCorrection } from "../store/corrections";
import type { Database } from "../store/db";
import { currentTaxonomy, type StoredTaxonomy } from "../store/intents";
import { upsertTrainingExample } from "../store/training-examples";
import { llmTierNeed } from "../triage/engine/cascade";
import { triage } from "../triage/engine/triage";
import type { RuleTable } from "../triage/rules/schema";
import { modelText } from "../triage/ticket-text";
import type { IntentPrediction, LlmTierOutcome, PinnedIntent, TicketSnapshot, TriageDecision } from "../triage/types";

/** Where the cascade gets the account's edge model and the LLM tier (injected, so tests can stand them in). */
export interface CascadeTiers {
  models: (env: Env, db: Database, accountId: string, taxonomy: StoredTaxonomy) => Promise<AccountClassifier>;
  llm: (env: Env, db: Database, account: AccountWithSecrets, request: LlmClassifyRequest) => Promise<LlmTierOutcome>;
}

export interface CascadeInput {
  account: AccountWithSecrets;
  snapshot: TicketSnapshot;
  table: RuleTable;
  rulesVersion: number | null;
  /** Zendesk's requester id: the LLM tier redacts their name. */
  requesterId: number | null;
}

/** What the decision depends on besides the ticket text: a change to any of them re-triages an unchanged ticket. */
export interface CascadeContext {
  taxonomy: StoredTaxonomy;
  pinned: PinnedIntent | null;
}

export async function cascadeContext(db: Database, accountId: string, ticketId: number): Promise<CascadeContext> {
  const [taxonomy, correction] = await Promise.all([currentTaxonomy(db, accountId), latestCorrection(db, accountId, ticketId)]);
  const pinned = correction ? { intent: correction.newIntent, correctionId: correction.id, actorName: correction.actorName } : null;
  return { taxonomy, pinned };
}

/** The account's model, or the shipped one when the account's cannot be had; null only when no model loads at all. */
async function edgeModel(env: Env, db: Database, accountId: string, taxonomy: StoredTaxonomy, tiers: CascadeTiers): Promise<AccountClassifier> {
  try {
    return await tiers.models(env, db, accountId, taxonomy);
  } catch (error) {
    const reason = errorMessage(error);
    log.error("account model unavailable; using the shipped model", { account: accountId, error: reason });
    try {
      return { classifier: await loadIntentClassifier(), fallback: `the account's model could not be loaded (${reason}); the shipped model answered` };
    } catch (shippedError) {
      log.error("intent model failed to load; triaging with rules and the LLM tier", { error: errorMessage(shippedError) });
      return { classifier: null, fallback: "no edge model could be loaded" };
    }
  }
}

export async function runCascade(env: Env, db: Database, input: CascadeInput, context: CascadeContext, tiers: CascadeTiers): Promise<TriageDecision> {
  const { account, snapshot, table, rulesVersion, requesterId } = input;
  const { taxonomy, pinned } = context;
  const text = modelText(snapshot);
  // The model runs even under a correction: its opinion is recorded for measuring it, it just does not decide.
  const model = await edgeModel(env, db, account.id, taxonomy, tiers);
  let prediction: IntentPrediction | null = null;
  let modelFallback = model.fallback;
  if (model.classifier) {
    try {
      prediction = await model.classifier.predict(text);
    } catch (error) {
      modelFallback = `the edge model failed on this ticket (${errorMessage(error)})`;
    }
  }
  const base = {
    ticket: snapshot,
    table,
    rulesVersion,
    prediction,
    taxonomy: taxonomy.taxonomy,
    pinned,
    modelFallback,
    llmMinConfidence: llmMinConfidence(account),
    modelLanguages: model.classifier?.languages ?? null,
  };
  const first = triage(base);
  const need = llmTierNeed(first, prediction, { modelLanguages: base.modelLanguages });
  let decision = first;
  if (need.ask) {
    const llm = await tiers.llm(env, db, account, {
      ticketId: snapshot.id,
      text,
      taxonomy: taxonomy.taxonomy,
      taxonomyVersion: taxonomy.version,
      requesterId,
    });
    decision = triage({ ...base, llm });
  } else if (first.tier === "none") {
    decision = triage({ ...base, llm: { ran: false, reason: need.reason } });
  }
  return decision;
}

/** A rule-set intent or an LLM label becomes a training example (corrections are stored where they are made). */
export async function recordTrainingLabel(
  db: Database,
  accountId: string,
  snapshot: TicketSnapshot,
  decision: TriageDecision,
  decisionId: number,
): Promise<void> {
  if (!decision.intent) return;
  const llm = decision.cascade.llm;
  if (decision.tier === "rule") {
    await upsertTrainingExample(db, { accountId, ticketId: snapshot.id, text: modelText(snapshot), intent: decision.intent, source: "rule", decisionId });
  } else if (decision.tier === "llm" && llm?.ran) {
    await upsertTrainingExample(db, {
      accountId,
      ticketId: snapshot.id,
      text: modelText(snapshot),
      intent: decision.intent,
      source: "llm",
      confidence: llm.confidence,
      decisionId,
    });
  }
}
