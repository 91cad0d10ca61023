/**
 * Wire and control types of the fake OpenAI-compatible server.
 *
 * The request types are deliberately loose (`unknown` where a client may send anything): the server validates
 * them itself (validate-request.ts) and answers 400 in OpenAI's error shape instead of trusting the input.
 */

/** A JSON Schema node, as far as the fake understands it. */
export type JsonSchema = { [key: string]: unknown };

export type Role = "system" | "developer" | "user" | "assistant" | "tool";

export interface ToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}

/** A chat message after validation (content normalised to a string or null). */
export interface ChatMessage {
  role: Role;
  /** Text of the message: a string, the joined text parts of an array, or null. */
  text: string | null;
  name?: string;
  tool_calls?: ToolCall[];
  tool_call_id?: string;
}

export interface FunctionTool {
  type: "function";
  function: { name: string; description?: string; parameters?: JsonSchema; strict?: boolean };
}

export type ToolChoice = "none" | "auto" | "required" | { type: "function"; function: { name: string } };

export type ResponseFormat =
  | { type: "text" }
  | { type: "json_object" }
  | { type: "json_schema"; json_schema: { name: string; description?: string; strict?: boolean; schema: JsonSchema } };

/** A validated `POST /v1/chat/completions` request. `raw` is the body exactly as parsed. */
export interface ChatRequest {
  raw: Record<string, unknown>;
  model: string;
  messages: ChatMessage[];
  tools: FunctionTool[];
  toolChoice: ToolChoice | undefined;
  responseFormat: ResponseFormat;
  stream: boolean;
  includeUsage: boolean;
  /** `max_completion_tokens ?? max_tokens`. */
  maxTokens: number | undefined;
}

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number };
  completion_tokens_details: { reasoning_tokens: number };
}

/** What the model "says": the input to both the JSON and the SSE renderers. */
export interface Outcome {
  content: string | null;
  toolCalls: ToolCall[];
  refusal: string | null;
  finishReason: "stop" | "tool_calls" | "length";
  usage: Usage;
  /** Where the answer came from, for logs: "default", "script", ... */
  source: string;
}

/** Match scope of a scripted response: only requests whose last user message contains `contains` take it. */
export interface ScriptMatch {
  contains: string;
}

export interface ScriptedError {
  status: number;
  /** Defaults to OpenAI's message for the status. */
  message?: string;
  type?: string;
  code?: string | null;
  param?: string | null;
  /** Seconds, sent as the `retry-after` header (fractions allowed; the openai SDK parses them with parseFloat). */
  retryAfter?: number;
}

interface ScriptedCommon {
  /** Extra delay before answering this request, in ms (added to the configured latency). */
  delayMs?: number;
  /** Overrides (part of) the estimated usage. */
  usage?: Partial<Pick<Usage, "prompt_tokens" | "completion_tokens" | "total_tokens">>;
  /** Scope; overrides the `match` given for the whole `POST /__fake/script` batch. */
  match?: ScriptMatch;
  /** Overrides the finish_reason (e.g. "length" to simulate a truncated answer). */
  finishReason?: "stop" | "tool_calls" | "length";
}

export type ScriptedResponse = ScriptedCommon &
  (
    | { content: string }
    | { json: unknown }
    | { toolCalls: Array<{ name: string; arguments: unknown; id?: string }> }
    | { error: ScriptedError }
    | { invalidJson: true }
    | { refusal: string }
  );

/** Runtime configuration, changeable with `POST /__fake/config`. */
export interface FakeConfig {
  supportsJsonSchema: boolean;
  /** Delay before every chat completion answer, in ms. */
  latencyMs: number;
  /** Delay between SSE chunks of a streamed answer, in ms. */
  streamChunkDelayMs: number;
  /** The next `times` chat completion requests fail with `status`. */
  failNext: { status: number; times: number; message?: string; retryAfter?: number } | null;
  /** When non-empty, requests for other models get 404 `model_not_found`. */
  models: string[];
}

export interface RecordedRequest {
  seq: number;
  method: string;
  path: string;
  /** Lower-cased request headers; credentials (authorization, api-key, cookie) are replaced by "[redacted]". */
  headers: Record<string, string>;
  /** Whether an Authorization header was present (its value is never recorded). */
  hasAuthorization: boolean;
  /** Parsed JSON body; the raw text when it was not JSON; null when empty or over the size limit. */
  body: unknown;
  status: number;
  /** ISO timestamp of arrival. */
  at: string;
  durationMs: number;
  /** "default" | "script" | "failNext" | "error" ...: which branch answered. */
  source?: string;
}
