/**
 * One structured LLM call for a small job (the cascade's classification, an escalation summary): no tools, one
 * JSON answer, fast. What every such call shares, written once:
 *
 *   daily budget spent / circuit open                 → not run (recorded as skipped, with the reason)
 *   strict json_schema (json_object + validation when the server lacks it; remembered per account),
 *   the caller's timeout, one retry for a 429/5xx/network error after a short wait (never for a timeout)
 *   → the caller's parser; every attempt in the ledger under the caller's purpose; the circuit breaker updated
 *
 * Never throws for LLM problems: the outcome says why nothing came back. Storage errors propagate.
 * The budget, the circuit and the json_schema memory are the account's, shared with drafting.
 */
import { estimateTokens, withJsonObjectInstructions, type ChatMessage } from "../drafting/prompt";
import { createChatFn, LlmCallError, type ChatResult, type FailureKind, type ResponseFormat } from "../drafting/llm-client";
import { backoffMs, failedAttempt, priceOf, type AttemptOutcome } from "../drafting/loop";
import { errorMessage } from "../lib/log";
import type { LlmSettings } from "../settings/drafting";
import type { AccountWithSecrets } from "../store/accounts";
import type { Database } from "../store/db";
import { circuitFailure, circuitGate, circuitState, circuitSuccess, setJsonSchemaSupport } from "../store/llm-circuit";
import { budgetLeft, recordAttempt, recordSkipped, type AttemptValues, type LedgerContext } from "../store/llm-ledger";

/** A Retry-After longer than this is not waited for: the caller goes on without an answer instead. */
const MAX_RETRY_WAIT_MS = 2_000;

export interface OneShotRequest<T> {
  baseUrl: string;
  settings: LlmSettings;
  ctx: LedgerContext;
  model: string;
  messages: ChatMessage[];
  schemaName: string;
  schema: Record<string, unknown>;
  timeoutMs: number;
  maxTokens: number;
  /** Counts the answered call as a classification in the daily usage. */
  countsAsClassification?: boolean;
  parse: (content: string | null) => { ok: true; value: T } | { ok: false; problem: string };
}

export type OneShotOutcome<T> = { ok: true; value: T; costUsd: number } | { ok: false; reason: string; costUsd: number };

function money(usd: number): string {
  return `$${usd.toFixed(usd < 1 ? 4 : 2)}`;
}

/** Plain words for a failed call; the detail is the server's error code and message, never prompt text. */
export function failureReason(error: LlmCallError, timeoutMs: number): string {
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

/** Why the account may not call its LLM right now (budget, circuit), recorded as skipped; null when it may. */
async function gateReason(db: Database, account: AccountWithSecrets, req: OneShotRequest<unknown>): Promise<{ reason: string | null; jsonSchema: string }> {
  const budget = await budgetLeft(db, account.id, req.ctx.day, req.settings.dailyBudgetUsd);
  if (budget && budget.leftUsd <= 0)
    return { reason: `daily LLM budget spent (${money(budget.spentUsd)} of ${money(req.settings.dailyBudgetUsd ?? 0)} today, UTC)`, jsonSchema: "unknown" };
  const gate = await circuitGate(db, account.id, req.settings.circuitOpenSeconds);
  if (gate.allowed) return { reason: null, jsonSchema: gate.jsonSchema };
  const state = await circuitState(db, account.id);
  const reason =
    state.state === "open" && state.openUntil
      ? `LLM circuit open until ${state.openUntil} (${state.consecutiveFailures} failed call(s) in a row; last: ${state.lastError ?? "unknown"})`
      : `LLM circuit ${gate.reason}`;
  return { reason, jsonSchema: gate.jsonSchema };
}

export async function oneShotLlmCall<T>(db: Database, account: AccountWithSecrets, req: OneShotRequest<T>): Promise<OneShotOutcome<T>> {
  const { settings } = req;
  const gate = await gateReason(db, account, req);
  if (gate.reason) {
    await recordSkipped(db, req.ctx, gate.reason);
    return { ok: false, reason: gate.reason, costUsd: 0 };
  }
  let format: ResponseFormat =
    settings.structuredOutput === "auto" ? (gate.jsonSchema === "unsupported" ? "json_object" : "json_schema") : settings.structuredOutput;
  const chat = createChatFn({ baseUrl: req.baseUrl, apiKey: account.secrets.llmApiKey });
  const jsonSchema = { name: req.schemaName, schema: req.schema };
  let seq = 0;
  let retried = false;
  let costUsd = 0;
  for (;;) {
    const messages = format === "json_object" ? withJsonObjectInstructions(req.messages, req.schema) : req.messages;
    const attempt = (a: Omit<AttemptValues, "seq" | "model" | "responseFormat">, last: boolean) =>
      recordAttempt(db, req.ctx, { seq: ++seq, model: req.model, responseFormat: format, ...a }, { classified: last && req.countsAsClassification === true });
    const started = Date.now();
    let result: ChatResult;
    try {
      result = await chat(
        { model: req.model, messages, responseFormat: format, jsonSchema, maxTokens: req.maxTokens, tokenParam: settings.tokenParam, temperature: 0 },
        { timeoutMs: req.timeoutMs },
      );
    } catch (thrown) {
      const error = thrown instanceof LlmCallError ? thrown : new LlmCallError("network_error", errorMessage(thrown).slice(0, 200));
      const latencyMs = Date.now() - started;
      const fallBack = error.kind === "unsupported_json_schema" && format === "json_schema" && settings.structuredOutput === "auto";
      const wait = error.retryAfterMs ?? backoffMs(settings, 0, Math.random);
      const retry = !fallBack && !retried && error.retryable && error.kind !== "timeout" && wait <= MAX_RETRY_WAIT_MS;
      await attempt(failedAttempt(error, latencyMs), !fallBack && !retry);
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
      let reason = failureReason(error, req.timeoutMs);
      if (error.availability) {
        const opened = await circuitFailure(db, account.id, reason, settings.circuitFailureThreshold, settings.circuitOpenSeconds);
        if (opened) reason += `; the circuit is now open for ${settings.circuitOpenSeconds} s`;
      } else {
        // The server answered (it is up, the request was wrong): a half-open circuit closes.
        await circuitSuccess(db, account.id);
      }
      return { ok: false, reason, costUsd };
    }

    const latencyMs = Date.now() - started;
    const estimated = !result.usage;
    const promptTokens =
      result.usage?.promptTokens ?? estimateTokens(messages) + (format === "json_schema" ? Math.ceil(JSON.stringify(req.schema).length / 4) : 0);
    const completionTokens = result.usage?.completionTokens ?? Math.ceil((result.content ?? "").length / 4);
    const price = priceOf(settings, req.model, promptTokens, completionTokens);
    costUsd += price.costUsd;
    const parsed = result.refusal
      ? ({ ok: false, problem: `the LLM refused (${result.refusal.slice(0, 120)})` } as const)
      : result.finishReason === "length"
        ? ({ ok: false, problem: `the answer was cut off at ${req.maxTokens} tokens` } as const)
        : req.parse(result.content);
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
    return parsed.ok ? { ok: true, value: parsed.value, costUsd } : { ok: false, reason: `LLM answer invalid: ${parsed.problem}`, costUsd };
  }
}
