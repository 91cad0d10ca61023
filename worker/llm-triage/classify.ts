/**
 * The cascade's LLM classification tier, asked only when the edge model is unsure (worker/triage/engine/cascade.ts
 * decides when; worker/pipeline/cascade.ts calls this). Never throws: every failure is an outcome
 * `{ ran: false, reason }` that the decision records, and the ticket goes on with no tier placing it.
 *
 *   no LLM configured / classification turned off                      → not run
 *   redact the text (worker/pii) → prompt with the enabled intents      (prompt.ts)
 *   same redacted text + intents + model seen before                   → the cached answer (no call, no cost)
 *   daily budget spent / circuit open                                  → not run (recorded as skipped)
 *   one call: strict json_schema (json_object + validation when the server lacks it), the classification timeout,
 *   one retry for a 429/5xx/network error after a short wait (never for a timeout: triage must stay fast)
 *   → validated answer (answer.ts) → cached; every attempt in the ledger with purpose "classify"
 *
 * The budget, the circuit breaker and the remembered json_schema support are the account's, shared with drafting.
 */
import type { Env } from "../env/bindings";
import { sha256Hex } from "../lib/hash";
import { errorMessage, log } from "../lib/log";
import { redactText } from "../pii/index";
import { userName } from "../zendesk/users";
import { resolveLlmSettings } from "../settings/drafting";
import type { AccountWithSecrets } from "../store/accounts";
import type { Database } from "../store/db";
import { cachedClassification, saveClassification } from "../store/llm-classifications";
import { utcDay, type LedgerContext } from "../store/llm-ledger";
import { oneShotLlmCall } from "../llm-call/one-shot";
import type { IntentTaxonomy } from "../triage/intents/schema";
import type { LlmTierOutcome } from "../triage/types";
import { parseClassification } from "./answer";
import { buildClassificationPrompt, CLASSIFICATION_SCHEMA_NAME } from "./prompt";

export interface LlmClassifyRequest {
  ticketId: number;
  /** The text the edge model classified (worker/triage/ticket-text.ts modelText); redacted here before any call. */
  text: string;
  taxonomy: IntentTaxonomy;
  taxonomyVersion: number | null;
  /** The requester: their name is looked up and redacted wherever it appears, as drafting does. */
  requesterId: number | null;
}

/** `_env` is part of the tier's contract (CascadeTiers.llm); the call needs nothing from it today. */
export async function classifyWithLlm(_env: Env, db: Database, account: AccountWithSecrets, request: LlmClassifyRequest): Promise<LlmTierOutcome> {
  try {
    return await classify(db, account, request);
  } catch (error) {
    // Storage trouble or a bug: the ticket still gets its decision (no tier), and the log says why.
    log.error("llm classification failed", { account: account.id, ticket: request.ticketId, error: errorMessage(error) });
    return { ran: false, reason: `the LLM tier failed unexpectedly (${errorMessage(error).slice(0, 160)})` };
  }
}

async function classify(db: Database, account: AccountWithSecrets, request: LlmClassifyRequest): Promise<LlmTierOutcome> {
  const configured = account.settings.llm;
  const baseUrl = configured?.baseUrl;
  if (!baseUrl) return { ran: false, reason: "no LLM configured for this account (settings.llm.baseUrl)" };
  const settings = resolveLlmSettings(configured);
  const c = settings.classification;
  if (!c.enabled) return { ran: false, reason: "LLM classification is turned off for this account (settings.llm.classification.enabled)" };
  const model = c.model ?? settings.smallModel;
  // Best effort: userName gives up quickly and returns null, and the name detectors still run without it.
  const requester = request.requesterId ? await userName(account, request.requesterId) : null;

  const prompt = buildClassificationPrompt({
    taxonomy: request.taxonomy,
    text: redactText(request.text, { names: requester ? [requester] : [] }),
    maxExamplesPerIntent: c.maxExamplesPerIntent,
    maxTextChars: c.maxTextChars,
  });
  // The key covers everything the answer depends on: the redacted text, the intents as shown, the model.
  const contentHash = await sha256Hex(JSON.stringify([model, prompt.messages]));
  const hit = await cachedClassification(db, account.id, contentHash);
  if (hit) {
    log.info("llm classification", { account: account.id, ticket: request.ticketId, model: hit.model, intent: hit.intent, cached: true });
    return { ran: true, intent: hit.intent, confidence: hit.confidence, reason: hit.reason, model: hit.model, cached: true, costUsd: 0 };
  }

  const ctx: LedgerContext = { accountId: account.id, ticketId: request.ticketId, draftId: null, runId: null, day: utcDay(), purpose: "classify" };
  const answer = await oneShotLlmCall(db, account, {
    baseUrl,
    settings,
    ctx,
    model,
    messages: prompt.messages,
    schemaName: CLASSIFICATION_SCHEMA_NAME,
    schema: prompt.schema,
    timeoutMs: c.timeoutMs,
    maxTokens: c.maxTokens,
    countsAsClassification: true,
    parse: (content) => parseClassification(content, prompt.intentIds),
  });
  log.info("llm classification", {
    account: account.id,
    ticket: request.ticketId,
    taxonomyVersion: request.taxonomyVersion,
    model,
    outcome: answer.ok ? "answer" : "failed",
    intent: answer.ok ? answer.value.intent : null,
    costUsd: answer.costUsd,
    cached: false,
  });
  if (!answer.ok) return { ran: false, reason: answer.reason };
  await saveClassification(db, account.id, contentHash, { ...answer.value, model, costUsd: answer.costUsd }, request.ticketId);
  return { ran: true, ...answer.value, model, cached: false, costUsd: answer.costUsd };
}

/** The confidence an LLM answer needs to decide (triage's `llmMinConfidence`), from the account's settings. */
export function llmMinConfidence(account: Pick<AccountWithSecrets, "settings">): number {
  return resolveLlmSettings(account.settings.llm ?? {}).classification.minConfidence;
}
