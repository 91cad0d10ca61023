/**
 * The one place the `openai` package is used: a chat completion call against any OpenAI-compatible base URL, with
 * a per-call timeout, and errors classified for the retry/back-off and circuit-breaker logic (loop.ts).
 *
 * Non-streaming: a draft is not shown while it is written (it waits for a human anyway), and a non-streamed
 * response carries `usage` on OpenAI, Workers AI, vLLM and Ollama alike; when a server omits it, tokens are
 * estimated and the attempt says so.
 *
 * Inside workerd the client gets `fetch: (input, init) => fetch(input, init)` (an unbound fetch throws "Illegal
 * invocation") and `maxRetries: 0` (retries happen in the caller so each one is recorded).
 *
 * Drafting (loop.ts) and the cascade's classification tier (worker/llm-triage) both call through here; each passes
 * the strict JSON schema its answer must follow.
 */
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";
import { currentTraceId, traceparent } from "../lib/trace";
import type { ChatMessage, ChatTool, ChatToolCall } from "./prompt";

export type ResponseFormat = "json_schema" | "json_object";

/** The answer's schema, sent as `response_format: {type: "json_schema", json_schema: {name, strict: true, schema}}`. */
export interface JsonSchemaFormat {
  name: string;
  schema: Record<string, unknown>;
}

export interface ChatCall {
  model: string;
  messages: ChatMessage[];
  tools?: ChatTool[];
  toolChoice?: "auto" | "none";
  responseFormat: ResponseFormat;
  /** Used when responseFormat is json_schema (with json_object the prompt carries the schema). */
  jsonSchema: JsonSchemaFormat;
  maxTokens: number;
  tokenParam: "max_tokens" | "max_completion_tokens";
  temperature: number;
}

export interface ChatResult {
  content: string | null;
  refusal: string | null;
  toolCalls: ChatToolCall[];
  finishReason: string | null;
  usage: { promptTokens: number; completionTokens: number } | null;
  model: string | null;
}

export type ChatFn = (call: ChatCall, opts: { timeoutMs: number; signal?: AbortSignal }) => Promise<ChatResult>;

export type FailureKind =
  | "rate_limited"
  | "server_error"
  | "timeout"
  | "network_error"
  | "auth_error"
  | "bad_request"
  | "unsupported_json_schema"
  | "not_found"
  | "deadline";

export class LlmCallError extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly status: number | null = null,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
  }
  /** Worth another try after a pause. */
  get retryable(): boolean {
    return this.kind === "rate_limited" || this.kind === "server_error" || this.kind === "timeout" || this.kind === "network_error";
  }
  /** Says the server is down or refusing us (counts toward the circuit breaker); invalid requests do not. */
  get availability(): boolean {
    return this.retryable || this.kind === "auth_error" || this.kind === "not_found" || this.kind === "deadline";
  }
}

export function createChatFn(opts: { baseUrl: string; apiKey: string | undefined; fetch?: typeof fetch }): ChatFn {
  const client = new OpenAI({
    baseURL: opts.baseUrl,
    // Self-hosted servers (Ollama, vLLM without --api-key) need no key, but the SDK wants a non-empty one.
    apiKey: opts.apiKey || "not-needed",
    maxRetries: 0,
    fetch: opts.fetch ?? ((input, init) => fetch(input, init)),
  });
  return async (call, { timeoutMs, signal }) => {
    const body = {
      model: call.model,
      messages: call.messages,
      temperature: call.temperature,
      [call.tokenParam]: call.maxTokens,
      ...(call.tools?.length ? { tools: call.tools, tool_choice: call.toolChoice ?? "auto" } : {}),
      response_format:
        call.responseFormat === "json_schema"
          ? { type: "json_schema" as const, json_schema: { name: call.jsonSchema.name, strict: true, schema: call.jsonSchema.schema } }
          : { type: "json_object" as const },
    };
    // The call joins the current trace (W3C traceparent), so a tracing LLM gateway shows it under the same id.
    const traceId = currentTraceId();
    try {
      const completion = await client.chat.completions.create(body as unknown as OpenAI.Chat.ChatCompletionCreateParamsNonStreaming, {
        timeout: timeoutMs,
        signal,
        maxRetries: 0,
        ...(traceId ? { headers: { traceparent: traceparent(traceId) } } : {}),
      });
      const choice = completion.choices[0];
      const message = choice?.message;
      const toolCalls: ChatToolCall[] = [];
      for (const t of message?.tool_calls ?? []) {
        if (t.type === "function") toolCalls.push({ id: t.id, type: "function", function: { name: t.function.name, arguments: t.function.arguments ?? "" } });
      }
      const usage = completion.usage ? { promptTokens: completion.usage.prompt_tokens ?? 0, completionTokens: completion.usage.completion_tokens ?? 0 } : null;
      return {
        content: message?.content ?? null,
        refusal: message?.refusal ?? null,
        toolCalls,
        finishReason: choice?.finish_reason ?? null,
        usage,
        model: completion.model ?? null,
      };
    } catch (error) {
      throw classifyError(error);
    }
  };
}

/** "Retry-After: 2" or "Retry-After: <http date>", and OpenAI's "retry-after-ms". */
function retryAfterMs(headers: Headers | undefined): number | null {
  if (!headers) return null;
  const ms = Number(headers.get("retry-after-ms"));
  if (headers.get("retry-after-ms") && Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers.get("retry-after");
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : null;
}

function short(text: string | null | undefined, max = 200): string {
  return (text ?? "").replace(/\s+/g, " ").slice(0, max);
}

export function classifyError(error: unknown): LlmCallError {
  if (error instanceof LlmCallError) return error;
  if (error instanceof APIUserAbortError) return new LlmCallError("deadline", "the draft's deadline passed during the call");
  if (error instanceof APIConnectionTimeoutError) return new LlmCallError("timeout", "the LLM did not answer in time");
  if (error instanceof APIConnectionError) return new LlmCallError("network_error", `LLM unreachable: ${short(error.message)}`);
  if (error instanceof APIError) {
    const status = error.status ?? null;
    const detail = short([error.code, error.type, error.message].filter(Boolean).join(": "));
    const after = retryAfterMs(error.headers);
    if (status === 429) return new LlmCallError("rate_limited", detail, status, after);
    if (status === 401 || status === 403) return new LlmCallError("auth_error", detail, status);
    if (status === 404) return new LlmCallError("not_found", detail, status);
    if (status === 408 || status === 409 || (status !== null && status >= 500)) return new LlmCallError("server_error", detail, status, after);
    if (status === 400 || status === 422) {
      const aboutFormat = /response_format|json_schema/i.test(`${error.param ?? ""} ${error.message}`);
      return new LlmCallError(aboutFormat ? "unsupported_json_schema" : "bad_request", detail, status);
    }
    return new LlmCallError("bad_request", detail, status);
  }
  return new LlmCallError("network_error", `LLM call failed: ${short(error instanceof Error ? error.message : String(error))}`);
}
