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
import { estimateTokens, withJsonObjectInstructions } from "../drafting/prompt";
import { createChatFn, LlmCallError, type ChatResult, type FailureKind, type ResponseFormat } from "../drafting/llm-client";
import { backoffMs, priceOf, type AttemptOutcome } from "../drafting/loop";
import type { Env } from "../env/bindings";
import { sha256Hex } from "../lib/hash";
import { errorMessage, log } from "../lib/log";
import { redactText } from "../pii/index";
import { userName } from "../zendesk/users";
import { resolveLlmSettings } from "../settings/drafting";
import type { AccountWithSecrets } from "../store/accounts";
import type { Database } from "../store/db";
import { cachedClassification, saveClassification } from "../store/llm-classifications";
import { circuitFailure, circuitGate, circuitState, circuitSuccess, setJsonSchemaSupport } from "../store/llm-circuit";
import { budgetLeft, recordAttempt, recordSkipped, utcDay, type AttemptValues, type LedgerContext } from "../store/llm-ledger";
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

/** A Retry-After longer than this is not waited for: the ticket goes on unplaced instead. */
const MAX_RETRY_WAIT_MS = 2_000;

function money(usd: number): string {
  return `$${usd.toFixed(usd < 1 ? 4 : 2)}`;
}

/** Plain words for a failed call; the detail is the server's error code and message, never prompt text. */
function failureReason(error: LlmCallError, timeoutMs: number): string {
  const status = error.status !== null ? `${error.status}: ` : "";
  const detail = `${status}${error.message}`;
  const words: Record<FailureKind, string> = {
    timeout: `LLM timed out after ${timeoutMs} ms`,
    rate_limited: `LLM rate limit (${detail})`,
    server_error: `LLM server error (${detail})`,
    network_error: error.message,
    auth_error: `LLM refused the API key (${detail})`,
    not_found: `LLM model or URL not found (${detail})`,
    bad_request: `LLM rejected the request (${detail})`,
    unsupported_json_schema: `LLM rejected the json_schema answer format (${detail})`,
    deadline: `LLM call aborted (${error.message})`,
  };
  return words[error.kind];
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

  const day = utcDay();
  const ctx: LedgerContext = { accountId: account.id, ticketId: request.ticketId, draftId: null, runId: null, day, purpose: "classify" };
  const budget = await budgetLeft(db, account.id, day, settings.dailyBudgetUsd);
  if (budget && budget.leftUsd <= 0) {
    const reason = `daily LLM budget spent (${money(budget.spentUsd)} of ${money(settings.dailyBudgetUsd ?? 0)} today, UTC)`;
    await recordSkipped(db, ctx, reason);
    return { ran: false, reason };
  }
  const gate = await circuitGate(db, account.id, settings.circuitOpenSeconds);
  if (!gate.allowed) {
    const state = await circuitState(db, account.id);
    const reason =
      state.state === "open" && state.openUntil
        ? `LLM circuit open until ${state.openUntil} (${state.consecutiveFailures} failed call(s) in a row; last: ${state.lastError ?? "unknown"})`
        : `LLM circuit ${gate.reason}`;
    await recordSkipped(db, ctx, reason);
    return { ran: false, reason };
  }

  let format: ResponseFormat =
    settings.structuredOutput === "auto" ? (gate.jsonSchema === "unsupported" ? "json_object" : "json_schema") : settings.structuredOutput;
  const chat = createChatFn({ baseUrl, apiKey: account.secrets.llmApiKey });
  const jsonSchema = { name: CLASSIFICATION_SCHEMA_NAME, schema: prompt.schema };
  let seq = 0;
  let retried = false;
  let costUsd = 0;
  for (;;) {
    const messages = format === "json_object" ? withJsonObjectInstructions(prompt.messages, prompt.schema) : prompt.messages;
    const attempt = (a: Omit<AttemptValues, "seq" | "model" | "responseFormat">, last: boolean) =>
      recordAttempt(db, ctx, { seq: ++seq, model, responseFormat: format, ...a }, { classified: last });
    const started = Date.now();
    let result: ChatResult;
    try {
      result = await chat(
        { model, messages, responseFormat: format, jsonSchema, maxTokens: c.maxTokens, tokenParam: settings.tokenParam, temperature: 0 },
        { timeoutMs: c.timeoutMs },
      );
    } catch (thrown) {
      const error = thrown instanceof LlmCallError ? thrown : new LlmCallError("network_error", errorMessage(thrown).slice(0, 200));
      const latencyMs = Date.now() - started;
      const fallBack = error.kind === "unsupported_json_schema" && format === "json_schema" && settings.structuredOutput === "auto";
      const wait = error.retryAfterMs ?? backoffMs(settings, 0, Math.random);
      const retry = !fallBack && !retried && error.retryable && error.kind !== "timeout" && wait <= MAX_RETRY_WAIT_MS;
      await attempt(
        {
          outcome: error.kind,
          httpStatus: error.status,
          error: error.message.slice(0, 300),
          promptTokens: 0,
          completionTokens: 0,
          usageEstimated: false,
          unpriced: false,
          costUsd: 0,
          latencyMs,
        },
        !fallBack && !retry,
      );
      if (fallBack) {
        await setJsonSchemaSupport(db, account.id, "unsupported");
        format = "json_object";
        continue;
      }
      if (retry) {
        retried = true;
        await new Promise((r) => setTimeout(r, wait));
        continue;
      }
      let reason = failureReason(error, c.timeoutMs);
      if (error.availability) {
        const opened = await circuitFailure(db, account.id, reason, settings.circuitFailureThreshold, settings.circuitOpenSeconds);
        if (opened) reason += `; the circuit is now open for ${settings.circuitOpenSeconds} s`;
      } else {
        // The server answered (it is up, the request was wrong): a half-open circuit closes.
        await circuitSuccess(db, account.id);
      }
      log.warn("llm classification failed", { account: account.id, ticket: request.ticketId, model, outcome: error.kind, status: error.status });
      return { ran: false, reason };
    }

    const latencyMs = Date.now() - started;
    const estimated = !result.usage;
    const promptTokens =
      result.usage?.promptTokens ?? estimateTokens(messages) + (format === "json_schema" ? Math.ceil(JSON.stringify(prompt.schema).length / 4) : 0);
    const completionTokens = result.usage?.completionTokens ?? Math.ceil((result.content ?? "").length / 4);
    const price = priceOf(settings, model, promptTokens, completionTokens);
    costUsd += price.costUsd;
    const parsed = result.refusal
      ? ({ ok: false, problem: `the LLM refused (${result.refusal.slice(0, 120)})` } as const)
      : result.finishReason === "length"
        ? ({ ok: false, problem: `the answer was cut off at ${c.maxTokens} tokens` } as const)
        : parseClassification(result.content, prompt.intentIds);
    const outcome: AttemptOutcome = parsed.ok ? "answer" : result.refusal ? "refused" : result.finishReason === "length" ? "truncated" : "invalid_output";
    await attempt(
      {
        outcome,
        httpStatus: 200,
        error: parsed.ok ? null : parsed.problem.slice(0, 300),
        promptTokens,
        completionTokens,
        usageEstimated: estimated,
        unpriced: price.unpriced,
        costUsd: price.costUsd,
        latencyMs,
      },
      true,
    );
    await circuitSuccess(db, account.id);
    if (format === "json_schema" && gate.jsonSchema !== "supported") await setJsonSchemaSupport(db, account.id, "supported");
    log.info("llm classification", {
      account: account.id,
      ticket: request.ticketId,
      taxonomyVersion: request.taxonomyVersion,
      model,
      outcome,
      intent: parsed.ok ? parsed.value.intent : null,
      costUsd,
      cached: false,
    });
    if (!parsed.ok) return { ran: false, reason: `LLM answer invalid: ${parsed.problem}` };
    await saveClassification(db, account.id, contentHash, { ...parsed.value, model, costUsd });
    return { ran: true, ...parsed.value, model, cached: false, costUsd };
  }
}

/** The confidence an LLM answer needs to decide (triage's `llmMinConfidence`), from the account's settings. */
export function llmMinConfidence(account: Pick<AccountWithSecrets, "settings">): number {
  return resolveLlmSettings(account.settings.llm ?? {}).classification.minConfidence;
}
