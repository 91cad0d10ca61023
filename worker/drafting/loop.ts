/**
 * The LLM side of a draft, free of storage: call the model (with back-off on 429/5xx/timeouts), run the tools
 * it asks for (bounded by steps, calls and the draft's deadline), feed results back, validate the JSON answer,
 * repair once, and report every attempt through callbacks. compose.ts supplies D1-backed callbacks; the Node
 * tests supply in-memory ones and run this against the fake LLM and the fake store.
 */
import type { LlmSettings } from "../settings/drafting";
import { LlmCallError, type ChatCall, type ChatFn, type ChatResult, type FailureKind, type ResponseFormat } from "./llm-client";
import { DRAFT_JSON_SCHEMA, DRAFT_SCHEMA_NAME, parseDraftOutput, type DraftOutput } from "./output";
import { estimateTokens, withJsonObjectInstructions, type ChatMessage, type ChatTool } from "./prompt";
import type { ToolResult } from "./tools";

export type AttemptOutcome = "answer" | "tool_calls" | "invalid_output" | "refused" | "truncated" | FailureKind;

export interface AttemptRecord {
  seq: number;
  model: string;
  responseFormat: ResponseFormat;
  outcome: AttemptOutcome;
  httpStatus: number | null;
  error: string | null;
  promptTokens: number;
  completionTokens: number;
  usageEstimated: boolean;
  unpriced: boolean;
  costUsd: number;
  latencyMs: number;
}

export interface LoopDeps {
  chat: ChatFn;
  runTool: (name: string, rawArguments: string) => Promise<ToolResult>;
  /** Called once per HTTP attempt (and may write it to storage; errors propagate). */
  onAttempt: (a: AttemptRecord) => Promise<void>;
  onToolCall: (t: ToolResult) => Promise<void>;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export interface LoopInput {
  model: string;
  messages: ChatMessage[];
  tools: ChatTool[];
  settings: LlmSettings;
  responseFormat: ResponseFormat;
  /** Switch to json_object when the server rejects json_schema (structuredOutput "auto"). */
  allowFormatFallback: boolean;
  /** Epoch ms by which the draft must be done. */
  deadline: number;
  /** USD left in today's budget (null = no cap): no new call starts once this draft has spent it. */
  budgetLeftUsd: number | null;
  /** Names the ticket in the repair message ("ticket #123"). */
  ticketRef?: string;
}

export interface LoopTotals {
  costUsd: number;
  promptTokens: number;
  completionTokens: number;
  llmCalls: number;
  toolCalls: number;
  /** The server rejected json_schema during this draft (remember it). */
  jsonSchemaRejected: boolean;
  /** The format that produced the answer (or was last tried). */
  responseFormat: ResponseFormat;
}

export type LoopResult =
  | ({ ok: true; output: DraftOutput; repaired: boolean } & LoopTotals)
  | ({ ok: false; failure: "unavailable" | "invalid_output" | "budget" | "bad_request"; message: string; error: LlmCallError | null } & LoopTotals);

interface CallSuccess {
  ok: true;
  result: ChatResult;
  latencyMs: number;
  promptTokens: number;
  completionTokens: number;
  estimated: boolean;
  costUsd: number;
  unpriced: boolean;
}

const DRAFT_SCHEMA = { name: DRAFT_SCHEMA_NAME, schema: DRAFT_JSON_SCHEMA as unknown as Record<string, unknown> };

export function priceOf(settings: LlmSettings, model: string, promptTokens: number, completionTokens: number): { costUsd: number; unpriced: boolean } {
  const price = settings.prices[model];
  if (!price) return { costUsd: 0, unpriced: true };
  return { costUsd: (promptTokens * price.inputPerMTok + completionTokens * price.outputPerMTok) / 1_000_000, unpriced: false };
}

/** Full-jitter exponential back-off: random in [base·2^n / 2, base·2^n]. */
export function backoffMs(settings: LlmSettings, retry: number, random: () => number): number {
  const ceiling = settings.backoffBaseMs * 2 ** retry;
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** The ledger values of a call that failed before any answer: its error, no tokens, no cost. Shared with worker/llm-call. */
export function failedAttempt(error: LlmCallError, latencyMs: number) {
  return {
    outcome: error.kind,
    httpStatus: error.status,
    error: error.message.slice(0, 300),
    promptTokens: 0,
    completionTokens: 0,
    usageEstimated: false,
    unpriced: false,
    costUsd: 0,
    latencyMs,
  };
}

export async function runDraftLoop(input: LoopInput, deps: LoopDeps): Promise<LoopResult> {
  const now = deps.now ?? (() => Date.now());
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = deps.random ?? Math.random;
  const { settings } = input;
  const totals: LoopTotals = {
    costUsd: 0,
    promptTokens: 0,
    completionTokens: 0,
    llmCalls: 0,
    toolCalls: 0,
    jsonSchemaRejected: false,
    responseFormat: input.responseFormat,
  };
  let format = input.responseFormat;
  let seq = 0;
  const messages: ChatMessage[] = [...input.messages];
  const fail = (failure: "unavailable" | "invalid_output" | "budget" | "bad_request", message: string, error: LlmCallError | null = null): LoopResult => ({
    ok: false,
    failure,
    message,
    error,
    ...totals,
    responseFormat: format,
  });

  /** One logical call with its retries; each HTTP attempt is recorded. */
  async function call(body: Omit<ChatCall, "responseFormat">): Promise<CallSuccess | { ok: false; error: LlmCallError | "budget" }> {
    let retries = 0;
    for (;;) {
      if (input.budgetLeftUsd !== null && totals.costUsd >= input.budgetLeftUsd) return { ok: false, error: "budget" };
      const remaining = input.deadline - now();
      if (remaining <= 0) {
        const error = new LlmCallError("deadline", `the draft's deadline (${settings.deadlineMs} ms) passed`);
        await record(error, 0);
        return { ok: false, error };
      }
      const messagesForFormat = format === "json_object" ? withJsonObjectInstructions(messages) : messages;
      const started = now();
      try {
        const result = await deps.chat(
          { ...body, messages: messagesForFormat, responseFormat: format },
          { timeoutMs: Math.min(settings.timeoutMs, remaining) },
        );
        const latencyMs = now() - started;
        const estimated = !result.usage;
        const promptTokens = result.usage?.promptTokens ?? estimateTokens(messagesForFormat, body.tools ?? []);
        const completionTokens =
          result.usage?.completionTokens ??
          Math.ceil(((result.content ?? "").length + result.toolCalls.reduce((n, t) => n + t.function.name.length + t.function.arguments.length, 0)) / 4);
        const { costUsd, unpriced } = priceOf(settings, body.model, promptTokens, completionTokens);
        totals.costUsd += costUsd;
        totals.promptTokens += promptTokens;
        totals.completionTokens += completionTokens;
        totals.llmCalls++;
        // The outcome is filled in by the caller once the answer is understood; it is recorded then.
        return { ok: true, result, latencyMs, promptTokens, completionTokens, estimated, costUsd, unpriced };
      } catch (thrown) {
        const error =
          thrown instanceof LlmCallError
            ? thrown
            : new LlmCallError("network_error", thrown instanceof Error ? thrown.message.slice(0, 200) : "LLM call failed");
        const latencyMs = now() - started;
        totals.llmCalls++;
        await record(error, latencyMs);
        if (error.kind === "unsupported_json_schema" && format === "json_schema" && input.allowFormatFallback) {
          format = "json_object";
          totals.jsonSchemaRejected = true;
          continue;
        }
        if (!error.retryable || retries >= settings.maxRetries) return { ok: false, error };
        const wait = error.retryAfterMs ?? backoffMs(settings, retries, random);
        if (error.retryAfterMs !== null && error.retryAfterMs > settings.maxRetryAfterMs)
          return {
            ok: false,
            error: new LlmCallError(
              error.kind,
              `${error.message} (Retry-After ${Math.round(error.retryAfterMs / 1000)} s is longer than the ${settings.maxRetryAfterMs / 1000} s we wait)`,
              error.status,
            ),
          };
        if (now() + wait >= input.deadline) return { ok: false, error };
        retries++;
        await sleep(wait);
      }
    }
  }

  async function record(error: LlmCallError, latencyMs: number) {
    await deps.onAttempt({ seq: ++seq, model: input.model, responseFormat: format, ...failedAttempt(error, latencyMs) });
  }

  let toolSteps = 0;
  let repaired = false;
  const maxRounds = settings.maxToolSteps + 3;
  for (let round = 0; round < maxRounds; round++) {
    const toolsAllowed = input.tools.length > 0 && toolSteps < settings.maxToolSteps && totals.toolCalls < settings.maxToolCalls && !repaired;
    const outcome = await call({
      model: input.model,
      messages,
      tools: input.tools.length ? input.tools : undefined,
      toolChoice: input.tools.length ? (toolsAllowed ? "auto" : "none") : undefined,
      jsonSchema: DRAFT_SCHEMA,
      maxTokens: settings.maxTokens,
      tokenParam: settings.tokenParam,
      temperature: settings.temperature,
    });
    if (!outcome.ok) {
      if (outcome.error === "budget") return fail("budget", "the daily LLM budget was reached during this draft");
      if (outcome.error.availability) return fail("unavailable", outcome.error.message, outcome.error);
      return fail("bad_request", outcome.error.message, outcome.error);
    }
    const { result } = outcome;
    const attempt = (o: AttemptOutcome, error: string | null = null) =>
      deps.onAttempt({
        seq: ++seq,
        model: input.model,
        responseFormat: format,
        outcome: o,
        httpStatus: 200,
        error,
        promptTokens: outcome.promptTokens,
        completionTokens: outcome.completionTokens,
        usageEstimated: outcome.estimated,
        unpriced: outcome.unpriced,
        costUsd: outcome.costUsd,
        latencyMs: outcome.latencyMs,
      });

    if (result.toolCalls.length > 0) {
      await attempt("tool_calls");
      toolSteps++;
      messages.push({ role: "assistant", content: result.content, tool_calls: result.toolCalls });
      for (const tc of result.toolCalls) {
        let tool: ToolResult;
        if (!toolsAllowed || totals.toolCalls >= settings.maxToolCalls) {
          tool = {
            tool: tc.function.name,
            outcome: "limit",
            httpStatus: null,
            error: "tool-call limit reached",
            latencyMs: 0,
            content: JSON.stringify({ ok: false, error: "No more tool calls are allowed for this ticket. Answer with what you have." }),
          };
        } else if (now() >= input.deadline) {
          tool = {
            tool: tc.function.name,
            outcome: "limit",
            httpStatus: null,
            error: "deadline reached",
            latencyMs: 0,
            content: JSON.stringify({ ok: false, error: "Out of time for tool calls. Answer with what you have." }),
          };
        } else {
          tool = await deps.runTool(tc.function.name, tc.function.arguments);
          totals.toolCalls++;
        }
        await deps.onToolCall(tool);
        messages.push({ role: "tool", tool_call_id: tc.id, content: tool.content });
      }
      continue;
    }

    let problem: string;
    if (result.refusal) {
      await attempt("refused", result.refusal.slice(0, 200));
      problem = "you refused";
    } else {
      const parsed = parseDraftOutput(result.content);
      if (parsed.ok) {
        await attempt("answer");
        return { ok: true, output: parsed.value, repaired, ...totals, responseFormat: format };
      }
      const truncated = result.finishReason === "length";
      await attempt(truncated ? "truncated" : "invalid_output", (truncated ? "cut off at max tokens; " : "") + parsed.problem);
      problem = truncated ? "your answer was cut off; keep the reply shorter" : parsed.problem;
    }
    if (repaired) return fail("invalid_output", `the model's answer was not a valid draft twice (${problem})`);
    repaired = true;
    messages.push({ role: "assistant", content: result.content ?? result.refusal ?? "" });
    messages.push({
      role: "user",
      content: `That answer${input.ticketRef ? ` for ${input.ticketRef}` : ""} could not be used: ${problem}. Answer again with only the JSON object (keys: reply, citations, needs_human, reason, confidence).`,
    });
  }
  return fail("invalid_output", "the model kept calling tools past the step limit without answering");
}
